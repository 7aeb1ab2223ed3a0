package dev.checkoutsaga.payment.messaging;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * payment-service's own meters ({@code payment.payments{outcome}}, Prometheus
 * {@code payment_payments_total}); the inbox/outbox/step meters come from the platform. Counted
 * only after the transaction that recorded the outcome committed.
 */
@ApplicationScoped
public class PaymentMetrics {

    public enum Outcome {
        CAPTURED, DECLINED, REFUNDED, TOMBSTONE
    }

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    @Inject
    public PaymentMetrics(MeterRegistry registry) {
        // registered up front so that every series exists (at 0) before the first payment
        for (Outcome o : Outcome.values()) {
            counters.put(o, Counter.builder("payment.payments").tag("outcome", o.name().toLowerCase())
                    .description("Payments by outcome").register(registry));
        }
    }

    public void count(Outcome outcome) {
        if (outcome != null) {
            counters.get(outcome).increment();
        }
    }
}
