package dev.checkoutsaga.payment.messaging;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent.PaymentRefundFailed;
import dev.checkoutsaga.events.SagaEvent.PaymentSettled;
import dev.checkoutsaga.outbox.Outbox;
import dev.checkoutsaga.outbox.SagaLogContext;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.payment.client.PaymentProvider;
import dev.checkoutsaga.payment.client.RefundRefusedException;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.PaymentRepository;
import dev.checkoutsaga.steps.PendingStep;
import dev.checkoutsaga.steps.PendingSteps;
import dev.checkoutsaga.steps.StepHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The "refund" step: refunds the whole captured amount with
 * {@code Idempotency-Key: refund-<paymentId>} (same key and body on every attempt), then, in one
 * transaction, REFUNDED + PaymentSettled(refunded amount) + step completed. A failure the provider
 * may still get over (no answer, 5xx, 429, 409 key in use) is retried with backoff: a compensation
 * must eventually happen. A refusal for good ({@link RefundRefusedException}) ends the step with
 * REFUND_FAILED + PaymentRefundFailed instead, for a person to act on.
 */
@ApplicationScoped
public class RefundStep implements StepHandler {
    private static final Logger LOG = Logger.getLogger(RefundStep.class);

    @Inject
    PaymentRepository repository;
    @Inject
    PendingSteps steps;
    @Inject
    Outbox outbox;
    @Inject
    PaymentProvider provider;
    @Inject
    PaymentMetrics metrics;
    @Inject
    StepTracing tracing;

    @Override
    public String kind() {
        return PaymentSaga.REFUND_STEP;
    }

    record RefundCall(UUID paymentId, String chargeId, long amountMinor) {
    }

    @Override
    public Uni<Void> run(PendingStep step) {
        AtomicReference<PaymentMetrics.Outcome> outcome = new AtomicReference<>();
        AtomicReference<Span> span = new AtomicReference<>();
        return Panache.withTransaction(() -> repository.lockExisting(step.orderId()).flatMap(p -> {
            if (p == null) {
                LOG.warnf("refund step for order %s without a payment record: dropped", step.orderId());
                return steps.complete(step).replaceWith((RefundCall) null);
            }
            span.set(tracing.start(kind(), p, step.attempts()));
            SagaLogContext.enter(p.orderId.toString(), span.get().getSpanContext());
            return switch (PaymentSaga.beforeRefund(p.status)) {
                case PaymentSaga.Refund r -> Uni.createFrom()
                        .item(new RefundCall(p.id, p.providerChargeId, p.captured().amountMinor()));
                case PaymentSaga.SkipRefund skip -> {
                    LOG.infof("refund step for order %s skipped: %s", p.orderId, skip.why());
                    yield steps.complete(step).replaceWith((RefundCall) null);
                }
            };
        })).flatMap(call -> call == null ? Uni.createFrom().voidItem()
                : TraceContexts.within(StepTracing.contextOf(span.get()),
                        () -> provider.refund(call.paymentId(), call.chargeId(), call.amountMinor()))
                        .flatMap(refundId -> recordRefunded(step, call, refundId, span.get(), outcome))
                        .onFailure(RefundRefusedException.class)
                        .recoverWithUni(e -> recordRefused(step, (RefundRefusedException) e, span.get(), outcome)))
                .invoke(() -> metrics.count(outcome.get())) // after the commit
                .onItemOrFailure().invoke((ok, failure) -> {
                    Span s = span.get();
                    if (s != null) {
                        if (failure != null) {
                            s.recordException(failure);
                            s.setStatus(StatusCode.ERROR);
                        }
                        s.end();
                    }
                });
    }

    /** The provider refunded: REFUNDED + PaymentSettled(amount) + step completed, in one transaction. */
    private Uni<Void> recordRefunded(PendingStep step, RefundCall call, String refundId, Span span,
            AtomicReference<PaymentMetrics.Outcome> outcome) {
        return Panache.withTransaction(() -> repository.lockExisting(step.orderId()).flatMap(p -> {
            outcome.set(null);
            if (!PaymentSaga.onRefunded(p.status)) {
                return steps.complete(step);
            }
            p.refundedMinor = call.amountMinor();
            p.touch(PaymentStatus.REFUNDED);
            p.settle();
            outcome.set(PaymentMetrics.Outcome.REFUNDED);
            LOG.infof("Payment %s of order %s refunded %d %s (%s)", p.id, p.orderId, p.refundedMinor, p.currency, refundId);
            return outbox.emit(new PaymentSettled(p.orderId, new Money(p.refundedMinor, p.currencyOrNone())),
                    StepTracing.contextOf(span))
                    .chain(() -> steps.complete(step));
        }));
    }

    /**
     * The provider refused the refund for good: retrying the same request cannot help, so the step
     * ends and the refusal is recorded where people see it: REFUND_FAILED (with the provider's
     * status as failure code), PaymentRefundFailed for the order's timeline, the
     * {@code payment_refunds_failed} gauge and its alert. Nothing settles: the money is still charged.
     */
    private Uni<Void> recordRefused(PendingStep step, RefundRefusedException refusal, Span span,
            AtomicReference<PaymentMetrics.Outcome> outcome) {
        return Panache.withTransaction(() -> repository.lockExisting(step.orderId()).flatMap(p -> {
            outcome.set(null);
            if (!PaymentSaga.onRefundRefused(p.status)) {
                return steps.complete(step);
            }
            p.failureCode = "refund_refused_" + refusal.status();
            p.touch(PaymentStatus.REFUND_FAILED);
            outcome.set(PaymentMetrics.Outcome.REFUND_FAILED);
            LOG.errorf("Payment %s of order %s: refund of %d %s refused for good (%s); still charged, a person must act "
                    + "(docs/runbooks/refund-failed.md)", p.id, p.orderId, p.captured().amountMinor(), p.currency,
                    refusal.getMessage());
            return outbox.emit(new PaymentRefundFailed(p.orderId, p.id, p.captured(), refusal.getMessage()),
                    StepTracing.contextOf(span))
                    .chain(() -> steps.complete(step));
        }));
    }
}
