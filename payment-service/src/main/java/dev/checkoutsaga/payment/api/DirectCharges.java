package dev.checkoutsaga.payment.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.idempotency.IdempotentRequests;
import dev.checkoutsaga.idempotency.StoredResponse;
import dev.checkoutsaga.payment.api.DirectPaymentMetrics.Outcome;
import dev.checkoutsaga.payment.client.ProviderKeyReusedException;
import dev.checkoutsaga.payment.client.ProviderRateLimitedException;
import dev.checkoutsaga.payment.client.ProviderUnavailableException;
import dev.checkoutsaga.payment.config.DirectPaymentConfig;
import dev.checkoutsaga.payment.domain.DirectPayments;
import dev.checkoutsaga.payment.domain.PaymentKind;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.Payment;
import dev.checkoutsaga.sealing.PaymentTokens;
import dev.checkoutsaga.steps.PendingStep;
import dev.checkoutsaga.steps.PendingSteps;
import dev.checkoutsaga.steps.StepsConfig;
import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response.Status;

/**
 * {@code POST /payments}: a direct charge, executed at most once per Idempotency-Key through
 * platform/idempotency's {@link IdempotentRequests#executeInSteps} (see {@link DirectPayments} for
 * why a retry can never charge twice). No connection or lock is held while the provider thinks.
 *
 * <ol>
 * <li>Outside any transaction: the key is required and the body validated (400 naming the field;
 * nothing is stored, so a corrected request with the same key executes).</li>
 * <li>Transaction 1, the recovery point: the key is claimed, the payment written PENDING (its card
 * token sealed) and a pending step scheduled, leased to this request ({@code saga.steps.lease}).</li>
 * <li>No transaction: {@link DirectChargeStep} calls the provider (provider key
 * {@code direct-<paymentId>}); transaction 2 records CAPTURED or DECLINED, stores the answer, 201
 * or 402 (Stripe semantics: the decline is the answer to that key), and ends the step.</li>
 * <li>No answer from the provider (unreachable, timeout, 5xx, 429, breaker open, bulkhead full,
 * retries exhausted): 503 with Retry-After. The payment stays PENDING and its step is handed to the
 * step worker, due after {@code payment.direct.retry-after}: the worker calls the provider again
 * with the same provider key until it answers, then stores the answer. Meanwhile the same key gets
 * 409 (in flight); afterwards the stored answer.</li>
 * </ol>
 */
@ApplicationScoped
public class DirectCharges {
    private static final Logger LOG = Logger.getLogger(DirectCharges.class);
    static final String HEADER = IdempotentRequests.HEADER;

    @Inject
    IdempotentRequests idempotency;
    @Inject
    DirectChargeStep chargeStep;
    @Inject
    PendingSteps steps;
    @Inject
    StepsConfig stepsConfig;
    @Inject
    PaymentTokens paymentTokens;
    @Inject
    DirectPaymentConfig config;
    @Inject
    DirectPaymentMetrics metrics;
    @Inject
    Validator validator;
    @Inject
    ObjectMapper json;

    /** A direct charge by {@code caller} (the operator's subject: their keys are their own). */
    public Uni<jakarta.ws.rs.core.Response> charge(String caller, String key, DirectPaymentRequest body) {
        if (key == null) {
            return Uni.createFrom().failure(ProblemException.field(Status.BAD_REQUEST, HEADER,
                    "is required: choose a unique key (e.g. a UUID) per payment and resend it on every retry"));
        }
        try {
            validate(body);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        UUID paymentId = DirectPayments.paymentIdFor(caller, key);
        AtomicReference<PendingStep> step = new AtomicReference<>();
        AtomicReference<Outcome> executed = new AtomicReference<>();
        return idempotency.executeInSteps(DirectPayments.IDEMPOTENCY_SCOPE, caller, key,
                IdempotentRequests.fingerprint(toJson(body)),
                () -> recordIntent(paymentId, caller, key, body).invoke(step::set).replaceWithVoid(),
                () -> chargeStep.finish(step.get(), executed)
                        .onFailure(ProviderKeyReusedException.class).transform(e -> keyReused(paymentId))
                        .onFailure(DirectCharges::isUnavailable).call(e -> handOver(step.get(), e))
                        .onFailure(DirectCharges::isUnavailable).transform(e -> unavailable(paymentId, e)))
                .invoke(response -> { // committed; a replay executed nothing
                    Outcome o = executed.get();
                    if (o != null && response.getHeaderString(StoredResponse.REPLAYED_HEADER) == null) {
                        metrics.count(o);
                    }
                })
                .onFailure().invoke(e -> {
                    if (e instanceof ProblemException p && p.problem().status() == 503) {
                        metrics.count(Outcome.UNAVAILABLE);
                    }
                });
    }

    /** Transaction 1 (the one that claims the key): the payment PENDING and its step, leased to this request. */
    private Uni<PendingStep> recordIntent(UUID paymentId, String caller, String key, DirectPaymentRequest body) {
        return Payment.<Payment>findById(paymentId).flatMap(existing -> {
            if (existing != null) {
                // only after this key's stored answer expired (saga.idempotency.ttl): never charge again under it
                return Uni.createFrom().failure(ProblemException.unprocessable(HEADER, "was already used for payment "
                        + paymentId + " (its stored answer has expired); use a new key for a new payment"));
            }
            Payment p = new Payment();
            p.id = paymentId;
            p.orderId = paymentId; // see V2__direct_payments.sql: keeps order_id NOT NULL UNIQUE and the saga untouched
            p.kind = PaymentKind.DIRECT;
            p.reference = body.reference();
            p.amountMinor = body.amount().amount();
            p.currency = body.amount().currency();
            p.status = PaymentStatus.PENDING;
            p.paymentToken = paymentTokens.seal(paymentId, body.paymentToken());
            p.idempotencyCaller = caller;
            p.idempotencyKey = key;
            p.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            p.updatedAt = p.createdAt;
            return p.<Payment>persistAndFlush()
                    .chain(() -> steps.scheduleLeased(paymentId, DirectPayments.CHARGE_STEP, stepsConfig.lease(),
                            io.opentelemetry.context.Context.current()));
        });
    }

    /** The request gives up waiting: its step goes to the worker, due after payment.direct.retry-after. */
    private Uni<Void> handOver(PendingStep step, Throwable e) {
        return Panache.withTransaction(() -> steps.retryLater(step, config.retryAfter(), e.toString()))
                .onFailure().invoke(f -> LOG.warnf("direct payment %s: hand-over to the step worker failed (%s); "
                        + "its lease brings it back", step.orderId(), f.toString()))
                .onFailure().recoverWithNull();
    }

    /**
     * The provider knows this key's provider key with another body: an earlier request with this
     * Idempotency-Key reached the provider (its answer was lost, nothing stored here) and this one
     * differs. Same meaning as our own 422; resending the ORIGINAL body gets the provider's answer.
     */
    private static ProblemException keyReused(UUID paymentId) {
        LOG.warnf("Direct payment %s: Idempotency-Key resent with another body after an unfinished request", paymentId);
        return ProblemException.unprocessable(HEADER,
                "was used with a different request body (an earlier request with this key reached the provider)");
    }

    /** No business answer from the provider: whatever the cause, the client retries with the same key. */
    static boolean isUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ProviderUnavailableException || c instanceof FaultToleranceException) {
                return true;
            }
        }
        return false;
    }

    private ProblemException unavailable(UUID paymentId, Throwable e) {
        LOG.warnf("Direct payment %s: no answer from the provider (%s); answered 503, the step worker finishes it",
                paymentId, e);
        Duration retryAfter = config.retryAfter();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ProviderRateLimitedException limited && limited.retryAfter() != null) {
                retryAfter = limited.retryAfter();
            }
        }
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(Problem.of(Status.SERVICE_UNAVAILABLE,
                "the payment provider gave no answer yet; the payment is PENDING and is finished in the background: "
                        + "retry after " + seconds + " s with the same Idempotency-Key to get its outcome (409 while it "
                        + "is still pending; a retry never charges twice)",
                List.of()), Map.of("Retry-After", Long.toString(seconds)));
    }

    private void validate(DirectPaymentRequest body) {
        if (body == null) {
            throw ProblemException.field(Status.BAD_REQUEST, "body", "must not be null");
        }
        Set<ConstraintViolation<DirectPaymentRequest>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        if (body.amount().amount() > config.maxAmount()) {
            throw ProblemException.field(Status.BAD_REQUEST, "amount.amount", "must be at most " + config.maxAmount());
        }
        if (!config.currencies().contains(body.amount().currency())) {
            throw ProblemException.field(Status.BAD_REQUEST, "amount.currency",
                    "must be one of " + config.currencies().stream().sorted().toList());
        }
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
