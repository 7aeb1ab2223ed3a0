package dev.checkoutsaga.payment.messaging;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent.PaymentCaptured;
import dev.checkoutsaga.events.SagaEvent.PaymentDeclined;
import dev.checkoutsaga.events.SagaEvent.PaymentSettled;
import dev.checkoutsaga.outbox.Outbox;
import dev.checkoutsaga.outbox.SagaLogContext;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.payment.client.PaymentProvider;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeDecision;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargePlan;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeResult;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.messaging.PaymentMetrics.Outcome;
import dev.checkoutsaga.payment.persistence.Payment;
import dev.checkoutsaga.payment.persistence.PaymentRepository;
import dev.checkoutsaga.sealing.PaymentTokens;
import dev.checkoutsaga.sealing.UnreadableSealException;
import dev.checkoutsaga.steps.PendingStep;
import dev.checkoutsaga.steps.PendingSteps;
import dev.checkoutsaga.steps.StepHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
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
    Outbox outbox;
    @Inject
    PaymentProvider provider;
    @Inject
    PaymentMetrics metrics;
    @Inject
    StepTracing tracing;
    @Inject
    PaymentTokens paymentTokens;

    static final String UNREADABLE_TOKEN = "unreadable_payment_token";

    @Override
    public String kind() {
        return PaymentSaga.CHARGE_STEP;
    }

    /** What the call needs, read under the lock of transaction 1. */
    record ChargeCall(UUID paymentId, UUID orderId, Money amount, String token, Span span) {
    }

    @Override
    public Uni<Void> run(PendingStep step) {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        AtomicReference<Span> span = new AtomicReference<>();
        return Panache.withTransaction(() -> repository.lockExisting(step.orderId()).flatMap(p -> {
            outcome.set(null);
            if (p == null) {
                LOG.warnf("charge step for order %s without a payment record: dropped", step.orderId());
                return steps.complete(step).replaceWith((ChargeCall) null);
            }
            span.set(tracing.start(kind(), p, step.attempts()));
            SagaLogContext.enter(p.orderId.toString(), span.get().getSpanContext());
            boolean deadlinePassed = p.deadline != null && !java.time.Instant.now().isBefore(p.deadline);
            ChargePlan plan = PaymentSaga.beforeCharge(p.status, p.cancelRequested, step.isRetry(), deadlinePassed);
            return switch (plan) {
                case PaymentSaga.Charge c -> Uni.createFrom()
                        .item(new ChargeCall(p.id, p.orderId, p.amount(), openToken(p, step), span.get()));
                case PaymentSaga.SettleWithoutCharging s -> {
                    p.touch(PaymentStatus.CANCELLED);
                    p.settle();
                    LOG.infof("Payment %s of order %s cancelled before any charge: settled, nothing charged", p.id,
                            p.orderId);
                    yield outbox.emit(new PaymentSettled(p.orderId, Money.zero(p.currencyOrNone())),
                            StepTracing.contextOf(span.get()))
                            .chain(() -> steps.complete(step)).replaceWith((ChargeCall) null);
                }
                case PaymentSaga.ExpireWithoutCharging e -> {
                    p.touch(PaymentStatus.EXPIRED);
                    LOG.infof("Payment %s of order %s: the order's deadline %s passed before its charge started; "
                            + "nothing charged, the cancellation settles it", p.id, p.orderId, p.deadline);
                    yield steps.complete(step).replaceWith((ChargeCall) null);
                }
                case PaymentSaga.SkipCharge skip -> {
                    LOG.infof("charge step for order %s skipped: %s", p.orderId, skip.why());
                    yield steps.complete(step).replaceWith((ChargeCall) null);
                }
            };
        })).flatMap(call -> call == null ? Uni.createFrom().voidItem()
                : TraceContexts.within(StepTracing.contextOf(call.span()),
                        () -> call.token() == null
                                ? Uni.createFrom().<ChargeResult>item(new PaymentSaga.Declined(UNREADABLE_TOKEN))
                                : provider.charge(call.paymentId(), call.orderId(), call.amount(), call.token()))
                        .flatMap(result -> record(step, result, StepTracing.contextOf(call.span()), outcome)))
                .invoke(() -> metrics.count(outcome.get())) // after the commit only
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

    private Uni<Void> record(PendingStep step, ChargeResult result, Context trace, AtomicReference<Outcome> outcome) {
        return Panache.withTransaction(() -> repository.lockExisting(step.orderId()).flatMap(p -> {
            outcome.set(null);
            ChargeDecision decision = PaymentSaga.onChargeResult(p.status, p.cancelRequested, result);
            Uni<?> effect = switch (decision) {
                case PaymentSaga.Capture c -> {
                    p.providerChargeId = c.chargeId();
                    p.touch(PaymentStatus.CAPTURED);
                    outcome.set(Outcome.CAPTURED);
                    LOG.infof("Payment %s of order %s captured (%s)", p.id, p.orderId, c.chargeId());
                    yield outbox.emit(new PaymentCaptured(p.orderId, p.id, p.amount(), p.shippingAddress, p.deadline),
                            trace);
                }
                case PaymentSaga.Decline d -> {
                    p.failureCode = d.failureCode();
                    p.touch(PaymentStatus.DECLINED);
                    outcome.set(Outcome.DECLINED);
                    LOG.infof("Payment %s of order %s declined: %s", p.id, p.orderId, d.failureCode());
                    yield outbox.emit(new PaymentDeclined(p.orderId, p.id, d.failureCode()), trace);
                }
                case PaymentSaga.RefundCancelledCharge r -> {
                    p.providerChargeId = r.chargeId();
                    p.touch(PaymentStatus.REFUND_PENDING);
                    outcome.set(Outcome.CAPTURED);
                    LOG.infof("Payment %s of order %s charged (%s) after its cancellation: refunding", p.id, p.orderId,
                            r.chargeId());
                    yield steps.schedule(p.orderId, PaymentSaga.REFUND_STEP);
                }
                case PaymentSaga.SettleDeclined d -> {
                    p.failureCode = d.failureCode();
                    p.touch(PaymentStatus.DECLINED);
                    p.settle();
                    outcome.set(Outcome.DECLINED);
                    LOG.infof("Payment %s of order %s declined (%s) after its cancellation: settled, nothing charged",
                            p.id, p.orderId, d.failureCode());
                    yield outbox.emit(new PaymentSettled(p.orderId, Money.zero(p.currencyOrNone())), trace);
                }
                case PaymentSaga.IgnoreChargeResult i -> {
                    if (result instanceof PaymentSaga.Succeeded s) {
                        LOG.errorf("Order %s: charge %s succeeded but the payment is %s; not recorded (needs attention)",
                                p.orderId, s.chargeId(), p.status);
                    }
                    yield Uni.createFrom().voidItem();
                }
            };
            return effect.chain(() -> steps.complete(step));
        }));
    }
}
