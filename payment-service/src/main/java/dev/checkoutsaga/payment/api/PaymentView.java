package dev.checkoutsaga.payment.api;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.payment.persistence.Payment;

/**
 * A payment as the API shows it. Amounts are integer minor units. {@code captured} is what the
 * provider's succeeded charge took (0 otherwise) and {@code refunded} what was given back, so an
 * audit can check {@code captured - refunded} against the order's outcome and the provider's
 * ledger. A tombstone has no {@code amount}; its zero amounts are in currency {@code XXX} (ISO 4217
 * "no currency": the order's currency was never known).
 */
public record PaymentView(UUID id, UUID orderId, String status, MoneyView amount, MoneyView captured,
        MoneyView refunded, String providerChargeId, String failureCode, boolean cancelRequested, boolean settled,
        Instant createdAt, Instant updatedAt) {

    public record MoneyView(long amount, String currency) {
        static MoneyView of(Money m) {
            return m == null ? null : new MoneyView(m.amountMinor(), m.currency());
        }
    }

    public static PaymentView of(Payment p) {
        return new PaymentView(p.id, p.orderId, p.status.name(), MoneyView.of(p.amount()), MoneyView.of(p.captured()),
                MoneyView.of(p.refunded()), p.providerChargeId, p.failureCode, p.cancelRequested, p.settled(),
                p.createdAt, p.updatedAt);
    }
}
