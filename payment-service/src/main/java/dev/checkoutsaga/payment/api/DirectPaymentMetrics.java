package dev.checkoutsaga.payment.api;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code payment.direct.payments{outcome}} (Prometheus {@code payment_direct_payments_total}): what
 * executed direct charges ended in. Replays of a stored answer are not counted here (they are
 * {@code saga.idempotency.requests{scope="payments",outcome="replayed"}}, counted by
 * platform/idempotency); {@code captured} and {@code declined} are counted after their transaction
 * committed.
 */
@ApplicationScoped
public class DirectPaymentMetrics {

    public enum Outcome {
        /** 201: the provider charged the card. */
        CAPTURED,
        /** 402: the provider declined (stored and replayed). */
        DECLINED,
        /** 503: no answer from the provider yet (unreachable, breaker open, bulkhead full, retries exhausted); the payment stays PENDING and its step finishes it. */
        UNAVAILABLE
    }

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    @Inject
    public DirectPaymentMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) { // every series exists (at 0) before the first payment
            counters.put(o, Counter.builder("payment.direct.payments").tag("outcome", o.name().toLowerCase())
                    .description("Direct payments (POST /payments) by outcome, replays excluded").register(registry));
        }
    }

    public void count(Outcome outcome) {
        counters.get(outcome).increment();
    }
}
