package dev.checkoutsaga.payment.messaging;

import java.util.EnumMap;
import java.util.Map;

import java.util.concurrent.atomic.AtomicLong;

import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.Payment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * payment-service's own meters ({@code payment.payments{outcome}}, Prometheus
 * {@code payment_payments_total}; the gauge {@code payment.refunds.failed}, Prometheus
 * {@code payment_refunds_failed}); the inbox/outbox/step meters come from the platform. Counted
 * only after the transaction that recorded the outcome committed.
 */
@ApplicationScoped
public class PaymentMetrics {

    public enum Outcome {
        CAPTURED, DECLINED, REFUNDED, REFUND_FAILED, TOMBSTONE
    }

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
    /** Payments whose refund the provider refused for good and nobody has retried yet (REFUND_FAILED). */
    private final AtomicLong refundsFailed = new AtomicLong();

    @Inject
    public PaymentMetrics(MeterRegistry registry) {
        // registered up front so that every series exists (at 0) before the first payment
        for (Outcome o : Outcome.values()) {
            counters.put(o, Counter.builder("payment.payments").tag("outcome", o.name().toLowerCase())
                    .description("Payments by outcome").register(registry));
        }
        Gauge.builder("payment.refunds.failed", refundsFailed, AtomicLong::get)
                .description("Payments whose refund the provider refused for good, still charged (REFUND_FAILED)")
                .register(registry);
    }

    /** Recounts REFUND_FAILED payments (alert RefundFailed); a failed count keeps the last value. */
    @Scheduled(every = "${payment.metrics.refresh-interval:15s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshRefundsFailed() {
        return Panache.withSession(() -> Payment.count("status", PaymentStatus.REFUND_FAILED))
                .invoke(refundsFailed::set)
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    public void count(Outcome outcome) {
        if (outcome != null) {
            counters.get(outcome).increment();
        }
    }
}
