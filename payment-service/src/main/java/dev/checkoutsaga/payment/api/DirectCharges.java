package dev.checkoutsaga.payment.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.idempotency.IdempotentRequests;
import dev.checkoutsaga.idempotency.StoredResponse;
import dev.checkoutsaga.payment.api.DirectPaymentMetrics.Outcome;
import dev.checkoutsaga.payment.client.PaymentProvider;
import dev.checkoutsaga.payment.client.ProviderKeyReusedException;
import dev.checkoutsaga.payment.client.ProviderRateLimitedException;
import dev.checkoutsaga.payment.client.ProviderUnavailableException;
import dev.checkoutsaga.payment.config.DirectPaymentConfig;
import dev.checkoutsaga.payment.domain.DirectPayments;
import dev.checkoutsaga.payment.domain.PaymentKind;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeResult;
import dev.checkoutsaga.payment.persistence.Payment;
import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

/**
 * {@code POST /payments}: a direct charge, executed at most once per Idempotency-Key through
 * platform/idempotency's {@link IdempotentRequests} (see {@link DirectPayments} for why a retry can
 * never charge twice).
 *
 * <ol>
 * <li>Outside any transaction: the key is required and the body validated (400 naming the field;
 * nothing is stored, so a corrected request with the same key executes).</li>
 * <li>{@link IdempotentRequests#execute}: in ONE PostgreSQL transaction the key is claimed, the
 * provider is called synchronously ({@link PaymentProvider#chargeDirect}: provider key
 * {@code direct-<paymentId>}), the payment row is written and the answer stored: 201 (CAPTURED) or
 * 402 (DECLINED, Stripe semantics: the decline is the answer to that key).</li>
 * <li>No answer from the provider (unreachable, timeout, 5xx, 429, breaker open, bulkhead full,
 * retries exhausted): 503 with Retry-After; the transaction rolls back, nothing is stored, and the
 * client's retry with the same key executes again with the same provider key.</li>
 * </ol>
 */
@ApplicationScoped
public class DirectCharges {
    private static final Logger LOG = Logger.getLogger(DirectCharges.class);
    static final String HEADER = IdempotentRequests.HEADER;

    @Inject
    IdempotentRequests idempotency;
    @Inject
    PaymentProvider provider;
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
        AtomicReference<Outcome> executed = new AtomicReference<>();
        return idempotency.execute(DirectPayments.IDEMPOTENCY_SCOPE, caller, key, IdempotentRequests.fingerprint(toJson(body)),
                () -> {
                    executed.set(null);
                    return execute(paymentId, body, executed);
                })
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

    /** Runs inside the transaction that claimed the key. */
    private Uni<StoredResponse> execute(UUID paymentId, DirectPaymentRequest body, AtomicReference<Outcome> executed) {
        Money amount = new Money(body.amount().amount(), body.amount().currency());
        return Payment.<Payment>findById(paymentId).flatMap(existing -> {
            if (existing != null) {
                // only after this key's stored answer expired (saga.idempotency.ttl): never charge again under it
                return Uni.createFrom().failure(ProblemException.unprocessable(HEADER, "was already used for payment "
                        + paymentId + " (its stored answer has expired); use a new key for a new payment"));
            }
            return provider.chargeDirect(paymentId, amount, body.paymentToken(), body.reference())
                    .onFailure(ProviderKeyReusedException.class).transform(e -> keyReused(paymentId))
                    .onFailure(DirectCharges::isUnavailable).transform(e -> unavailable(paymentId, e))
                    .flatMap(result -> record(paymentId, body, result, executed));
        });
    }

    private Uni<StoredResponse> record(UUID paymentId, DirectPaymentRequest body, ChargeResult result,
            AtomicReference<Outcome> executed) {
        Payment p = new Payment();
        p.id = paymentId;
        p.orderId = paymentId; // see V2__direct_payments.sql: keeps order_id NOT NULL UNIQUE and the saga untouched
        p.kind = PaymentKind.DIRECT;
        p.reference = body.reference();
        p.amountMinor = body.amount().amount();
        p.currency = body.amount().currency();
        p.status = DirectPayments.statusOf(result);
        p.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        p.updatedAt = p.createdAt;
        switch (result) {
            case PaymentSaga.Succeeded s -> p.providerChargeId = s.chargeId();
            case PaymentSaga.Declined d -> p.failureCode = d.failureCode();
        }
        return p.<Payment>persistAndFlush().map(saved -> {
            if (result instanceof PaymentSaga.Declined d) {
                executed.set(Outcome.DECLINED);
                LOG.infof("Direct payment %s (%s) declined: %s", paymentId, body.reference(), d.failureCode());
                return new StoredResponse(402, Map.of("Content-Type", Problem.MEDIA_TYPE), toJson(declined(saved)));
            }
            executed.set(Outcome.CAPTURED);
            LOG.infof("Direct payment %s (%s) captured (%s)", paymentId, body.reference(), saved.providerChargeId);
            return new StoredResponse(201, Map.of("Location", "/payments/" + paymentId, "Content-Type",
                    MediaType.APPLICATION_JSON), toJson(PaymentView.of(saved)));
        });
    }

    /** RFC 9457 problem of a decline, with the extension members {@code paymentId} and {@code failureCode}. */
    private static Map<String, Object> declined(Payment p) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Payment Required");
        problem.put("status", 402);
        problem.put("detail", "the payment was declined: " + p.failureCode);
        problem.put("instance", "/payments/" + p.id);
        problem.put("paymentId", p.id.toString());
        problem.put("failureCode", p.failureCode);
        return problem;
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
        LOG.warnf("Direct payment %s: no answer from the provider (%s); answered 503, nothing stored", paymentId, e);
        Duration retryAfter = config.retryAfter();
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ProviderRateLimitedException limited && limited.retryAfter() != null) {
                retryAfter = limited.retryAfter();
            }
        }
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(Problem.of(Status.SERVICE_UNAVAILABLE,
                "the payment provider gave no answer; retry after " + seconds
                        + " s with the same Idempotency-Key (a retry never charges twice)",
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
