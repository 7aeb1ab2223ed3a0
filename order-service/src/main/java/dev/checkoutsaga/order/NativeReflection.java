package dev.checkoutsaga.order;

import dev.checkoutsaga.order.service.OrderView;
import dev.checkoutsaga.order.service.PlaceOrderRequest;
import dev.checkoutsaga.order.domain.OrderStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native images: types this service turns into JSON with an {@code ObjectMapper} of its own, outside
 * the resource method signatures that Quarkus REST registers by itself. Records are not registered
 * transitively, so nested types are listed too. (The event contract is registered by
 * saga-events (each contract type carries {@code @RegisterForReflection}), {@code Problem} by web's {@code WebReflection}; the price cache stores
 * plain strings and idempotency stores maps, neither needs registration.)
 * <ul>
 * <li>{@link OrderView}: the order snapshot kept in Redis ({@code OrderSnapshots}, read back while the
 * database is down) and the stored body of an idempotent 202 ({@code AcceptedAnswer}, a
 * {@code Response} entity).</li>
 * <li>{@link PlaceOrderRequest}: serialized canonically for the Idempotency-Key fingerprint.</li>
 * </ul>
 */
@RegisterForReflection(targets = {
        OrderView.class,
        OrderView.MoneyView.class,
        OrderView.ItemView.class,
        OrderView.AddressView.class,
        OrderView.TimelineView.class,
        OrderStatus.class,
        PlaceOrderRequest.class,
        PlaceOrderRequest.Item.class,
        PlaceOrderRequest.Address.class,
})
public final class NativeReflection {
    private NativeReflection() {
    }
}
