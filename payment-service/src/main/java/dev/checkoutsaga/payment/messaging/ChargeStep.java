package dev.checkoutsaga.payment.messaging;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.payment.client.PaymentProvider;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeDecision;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargePlan;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeResult;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.Payment;
import dev.checkoutsaga.payment.persistence.PaymentRepository;
import dev.checkoutsaga.sealing.PaymentTokens;
import dev.checkoutsaga.sealing.UnreadableSealException;
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
 * The "charge" step (run by platform/steps' worker, outside the Kafka consumer):
 * <ol>
 * <li>transaction 1: lock the payment and plan ({@link PaymentSaga#beforeCharge}): a payment
 * cancelled before the first attempt settles here without any call, and one whose order's deadline
 * passed before the first attempt expires without any call;</li>
 * <li>no transaction: {@code POST /v1/charges} with {@code Idempotency-Key: charge-<paymentId>}
 * (the same key and body on every attempt, so a replay after a lost answer never charges twice);
 * no business answer fails the Uni and the worker retries with backoff;</li>
 * <li>transaction 2: lock the payment again (a cancellation may have been handled meanwhile),
 * record {@link PaymentSaga#onChargeResult}'s decision, emit its events, complete the step.</li>
 * </ol>
 */
@ApplicationScoped
public class ChargeStep implements StepHandler {
    private static final Logger LOG = Logger.getLogger(ChargeStep.class);

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
    @Inject
    PaymentTokens paymentTokens;

    static final String UNREADABLE_TOKEN = "unreadable_payment_token";

    @Override
    public String kind() {
        return PaymentSaga.CHARGE_STEP;
    }

    /** What the call needs, read under the lock of transaction 1. */
    record ChargeCall(UUID paymentId, UUID orderId, Money amount, String token) {
    }

    @Override
    public Uni<Void> run(PendingStep step) {
        AtomicReference<PaymentStatus> outcome = new AtomicReference<>();
        return Panache.withTransaction(() -> repository.lockExisting(step.orderId()).flatMap(p -> {
            outcome.set(null);
            if (p == null) {
                LOG.warnf("charge step for order %s without a payment record: dropped", step.orderId());
                return steps.complete(step).replaceWith((ChargeCall) null);
            }
            Span.fromContext(step.trace()).setAttribute("checkout.payment_id", p.id.toString());
            boolean deadlinePassed = p.deadline != null && !java.time.Instant.now().isBefore(p.deadline);
            ChargePlan plan = PaymentSaga.beforeCharge(p.status, p.cancelRequested, step.isRetry(), deadlinePassed);
            if (plan instanceof PaymentSaga.Charge) {
                return Uni.createFrom().item(new ChargeCall(p.id, p.orderId, p.amount(), openToken(p, step)));
            }
            outcome.set(plan.status());
            return effects.apply(p, plan, "step " + kind(), step.trace())
                    .chain(() -> steps.complete(step))
                    .replaceWith((ChargeCall) null);
        })).flatMap(call -> call == null ? Uni.createFrom().voidItem()
                : (call.token() == null
                        ? Uni.createFrom().<ChargeResult>item(new PaymentSaga.Declined(UNREADABLE_TOKEN))
                        : provider.charge(call.paymentId(), call.orderId(), call.amount(), call.token()))
                        .flatMap(result -> record(step, result, outcome)))
                .invoke(() -> metrics.entered(outcome.get())); // after the commit only
    }

    /**
     * The clear token, for the call only (the row keeps it sealed). One that no longer opens (its key
     * left the ring while the payment was pending) is declined without a call on a first attempt; on
     * a retry an earlier attempt may have charged, so the step fails and retries until the key is back.
     */
    private String openToken(Payment p, PendingStep step) {
        try {
            return paymentTokens.open(p.orderId, p.paymentToken);
        } catch (UnreadableSealException e) {
            if (step.isRetry()) {
                throw new IllegalStateException("the payment token of order " + p.orderId + " no longer opens ("
                        + e.getMessage() + ") and an earlier attempt may have reached the provider: put the key back "
                        + "on the ring (checkout.payment-token.keys)");
            }
            LOG.warnf("the payment token of order %s does not open (%s): declined without a call", p.orderId,
                    e.getMessage());
            return null;
        }
    }

    private Uni<Void> record(PendingStep step, ChargeResult result, AtomicReference<PaymentStatus> outcome) {
        return Panache.withTransaction(() -> repository.lockExisting(step.orderId()).flatMap(p -> {
            ChargeDecision decision = PaymentSaga.onChargeResult(p.status, p.cancelRequested, result);
            switch (decision) {
                case PaymentSaga.Capture c -> p.providerChargeId = c.chargeId();
                case PaymentSaga.RefundCancelledCharge r -> p.providerChargeId = r.chargeId();
                case PaymentSaga.Decline d -> p.failureCode = d.failureCode();
                case PaymentSaga.SettleDeclined d -> p.failureCode = d.failureCode();
                case PaymentSaga.IgnoreChargeResult i -> {
                    if (result instanceof PaymentSaga.Succeeded s) {
                        LOG.errorf("Order %s: charge %s succeeded but the payment is %s; not recorded (needs attention)",
                                p.orderId, s.chargeId(), p.status);
                    }
                }
            }
            outcome.set(decision.status());
            return effects.apply(p, decision, "provider answered " + kind(), step.trace())
                    .chain(() -> steps.complete(step));
        }));
    }
}
