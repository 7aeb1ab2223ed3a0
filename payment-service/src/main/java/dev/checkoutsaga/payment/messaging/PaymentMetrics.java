package dev.checkoutsaga.payment.messaging;

import java.util.EnumSet;

import java.util.concurrent.atomic.AtomicLong;

import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.Payment;
import dev.checkoutsaga.steps.OutcomeCounters;
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

    private final OutcomeCounters<PaymentStatus> outcomes;
    /** Payments whose refund the provider refused for good and nobody has retried yet (REFUND_FAILED). */
    private final AtomicLong refundsFailed = new AtomicLong();

    @Inject
    public PaymentMetrics(MeterRegistry registry) {
        outcomes = new OutcomeCounters<>(registry, "payment.payments", "Payments by outcome", PaymentStatus.class,
                EnumSet.of(PaymentStatus.CAPTURED, PaymentStatus.DECLINED, PaymentStatus.REFUNDED,
                        PaymentStatus.REFUND_FAILED, PaymentStatus.TOMBSTONE));
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

    /** A payment entered this status (after the commit); counts only the outcome statuses. */
    public void entered(PaymentStatus status) {
        outcomes.entered(status);
    }
}
