package dev.checkoutsaga.payment.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.payment.domain.PaymentKind;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.Payment;

/**
 * A payment as the API shows it. Amounts are integer minor units. {@code captured} is what the
 * provider's succeeded charge took (0 otherwise) and {@code refunded} what was given back, so an
 * audit can check {@code captured - refunded} against the order's outcome and the provider's
 * ledger. A tombstone has no {@code amount}; its zero amounts are in currency {@code XXX} (ISO 4217
 * "no currency": the order's currency was never known).
 *
 * <p>{@code kind} is {@code SAGA} (an order's payment) or {@code DIRECT} ({@code POST /payments}); a
 * direct payment has no {@code orderId} (null) and carries the client's {@code reference}. Its
 * charge is booked at the provider under the payment id.
 */
public record PaymentView(UUID id, @Schema(type = SchemaType.STRING, implementation = PaymentKind.class) String kind,
        @Schema(nullable = true, description = "The order of a saga payment; null for a direct one") UUID orderId,
        @Schema(nullable = true, description = "The client's reference of a direct payment; null for a saga one") String reference,
        @Schema(type = SchemaType.STRING, implementation = PaymentStatus.class) String status,
        @Schema(nullable = true, description = "Null for a tombstone (an order cancelled before its payment began)") MoneyView amount,
        @Schema(nullable = true) MoneyView captured, @Schema(nullable = true) MoneyView refunded,
        @Schema(nullable = true) String providerChargeId, @Schema(nullable = true) String failureCode, boolean cancelRequested, boolean settled,
        Instant createdAt, Instant updatedAt) {

    public record MoneyView(long amount, String currency) {
        static MoneyView of(Money m) {
            return m == null ? null : new MoneyView(m.amountMinor(), m.currency());
        }
    }

    public static PaymentView of(Payment p) {
        boolean direct = p.kind == PaymentKind.DIRECT;
        return new PaymentView(p.id, p.kind.name(), direct ? null : p.orderId, p.reference, p.status.name(),
                MoneyView.of(p.amount()), MoneyView.of(p.captured()), MoneyView.of(p.refunded()), p.providerChargeId, p.failureCode, p.cancelRequested, p.settled(),
                p.createdAt, p.updatedAt);
    }
}
