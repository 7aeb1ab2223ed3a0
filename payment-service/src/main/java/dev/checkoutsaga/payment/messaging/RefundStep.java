package dev.checkoutsaga.payment.messaging;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.checkoutsaga.payment.client.PaymentProvider;
import dev.checkoutsaga.payment.client.RefundRefusedException;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentSaga.RefundDecision;
import dev.checkoutsaga.payment.domain.PaymentSaga.RefundPlan;
import dev.checkoutsaga.payment.domain.PaymentSaga.RefundResult;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.PaymentRepository;
import dev.checkoutsaga.steps.PendingStep;
import dev.checkoutsaga.steps.PendingSteps;
import dev.checkoutsaga.steps.SagaEffects;
import dev.checkoutsaga.steps.StepHandler;
import io.opentelemetry.api.trace.Span;
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
    SagaEffects effects;
    @Inject
    PaymentProvider provider;
    @Inject
    PaymentMetrics metrics;

    @Override
    public String kind() {
        return PaymentSaga.REFUND_STEP;
    }

    record RefundCall(UUID paymentId, String chargeId, long amountMinor) {
    }

    @Override
    public Uni<Void> run(PendingStep step) {
        AtomicReference<PaymentStatus> outcome = new AtomicReference<>();
        return Panache.withTransaction(() -> repository.lockExisting(step.orderId()).flatMap(p -> {
            if (p == null) {
                LOG.warnf("refund step for order %s without a payment record: dropped", step.orderId());
                return steps.complete(step).replaceWith((RefundCall) null);
            }
            Span.fromContext(step.trace()).setAttribute("checkout.payment_id", p.id.toString());
            RefundPlan plan = PaymentSaga.beforeRefund(p.status);
            if (plan instanceof PaymentSaga.Refund) {
                return Uni.createFrom().item(new RefundCall(p.id, p.providerChargeId, p.captured().amountMinor()));
            }
            return effects.apply(p, plan, "step " + kind(), step.trace())
                    .chain(() -> steps.complete(step))
                    .replaceWith((RefundCall) null);
        })).flatMap(call -> call == null ? Uni.createFrom().voidItem()
                : provider.refund(call.paymentId(), call.chargeId(), call.amountMinor())
                        .<RefundResult>map(PaymentSaga.RefundSucceeded::new)
                        .onFailure(RefundRefusedException.class).recoverWithItem(e -> new PaymentSaga.RefundRefused(
                                ((RefundRefusedException) e).status(), e.getMessage()))
                        .flatMap(result -> record(step, call, result, outcome)))
                .invoke(() -> metrics.entered(outcome.get())); // after the commit
    }

    /**
     * The provider's answer, in one transaction with the step's completion: refunded (REFUNDED,
     * PaymentSettled(amount)), or refused for good. A refusal is recorded where people see it:
     * REFUND_FAILED with the provider's status as failure code, PaymentRefundFailed for the order's
     * timeline, the {@code payment_refunds_failed} gauge and its alert. Nothing settles then: the
     * money is still charged.
     */
    private Uni<Void> record(PendingStep step, RefundCall call, RefundResult result,
            AtomicReference<PaymentStatus> outcome) {
        return Panache.withTransaction(() -> repository.lockExisting(step.orderId()).flatMap(p -> {
            RefundDecision decision = PaymentSaga.onRefundResult(p.status, result);
            switch (decision) {
                case PaymentSaga.RecordRefund r -> p.refundedMinor = call.amountMinor();
                case PaymentSaga.RecordRefusal r -> {
                    p.failureCode = r.failureCode();
                    LOG.errorf("Payment %s of order %s: refund of %d %s refused for good (%s); still charged, a person "
                            + "must act (docs/runbooks/refund-failed.md)", p.id, p.orderId, call.amountMinor(),
                            p.currency, r.message());
                }
                case PaymentSaga.IgnoreRefundResult i -> {
                }
            }
            outcome.set(decision.status());
            return effects.apply(p, decision, "provider answered " + kind(), step.trace())
                    .chain(() -> steps.complete(step));
        }));
    }
}
