package dev.checkoutsaga.payment;

import dev.checkoutsaga.payment.api.DirectPaymentRequest;
import dev.checkoutsaga.payment.api.PaymentView;
import dev.checkoutsaga.payment.client.PaymentProviderClient;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images: types this service turns into JSON with an {@code ObjectMapper} outside the resource
 * signatures that Quarkus REST registers by itself. Records are not registered transitively.
 * <ul>
 * <li>{@link PaymentView}: the stored body of a direct charge's idempotent answer ({@code DirectCharges}).</li>
 * <li>{@link DirectPaymentRequest}: serialized canonically for the Idempotency-Key fingerprint.</li>
 * <li>{@code PaymentProviderClient.ChargeRequest/RefundRequest}: REST client bodies; quarkus-rest-client-jackson
 * registers them from the method signatures already, listed so that a native build does not depend on it.</li>
 * </ul>
 * The provider's answers are read as a {@code JsonNode} tree (no reflection). {@code ShippingAddress}
 * (stored as JSON by {@code ShippingAddressConverter}) is registered by saga-events (each contract type carries {@code @RegisterForReflection}).
 */
@RegisterForReflection(targets = {
        PaymentView.class,
        PaymentView.MoneyView.class,
        DirectPaymentRequest.class,
        DirectPaymentRequest.Amount.class,
        PaymentProviderClient.ChargeRequest.class,
        PaymentProviderClient.RefundRequest.class,
})
public final class NativeReflection {
    private NativeReflection() {
    }
}
