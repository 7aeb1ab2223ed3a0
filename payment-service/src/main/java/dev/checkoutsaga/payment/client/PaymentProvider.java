package dev.checkoutsaga.payment.client;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.payment.client.PaymentProviderClient.ChargeRequest;
import dev.checkoutsaga.payment.client.PaymentProviderClient.RefundRequest;
import dev.checkoutsaga.payment.domain.DirectPayments;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeResult;
import dev.checkoutsaga.steps.RetryAfterHint;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The payment provider as the saga sees it: a charge ends in {@link PaymentSaga.Succeeded} or
 * {@link PaymentSaga.Declined} (business answers), a refund in its id; everything else FAILS the
 * Uni with {@link ProviderUnavailableException} so that the step is retried, never declined.
 *
 * <table>
 * <caption>answer mapping</caption>
 * <tr><th>call</th><th>answer</th><th>outcome</th></tr>
 * <tr><td>charge</td><td>201 {@code status=succeeded}</td><td>Succeeded(id)</td></tr>
 * <tr><td>charge</td><td>402</td><td>Declined(failureCode)</td></tr>
 * <tr><td>charge</td><td>400 (request refused as invalid; no money moves)</td><td>Declined("invalid_request")</td></tr>
 * <tr><td>refund</td><td>201</td><td>refund id</td></tr>
 * <tr><td>both</td><td>anything else: 409 key in use, 422 key reused with another body, 429, 5xx,
 * timeout, connection refused, unreadable body</td><td>failure (retry)</td></tr>
 * </table>
 *
 * <p>Resilience (MicroProfile Fault Tolerance; every value is configuration,
 * {@code dev.checkoutsaga.payment.client.PaymentProvider/<charge|chargeDirect|refund>/<Annotation>/<param>}, see
 * application.properties and the README's table). Order, outside in: retry, circuit breaker,
 * timeout, bulkhead (SmallRye's), all on the returned Uni (non-blocking async):
 * <ul>
 * <li>{@code @Timeout} per attempt;</li>
 * <li>{@code @Retry} + {@code @ExponentialBackoff} (with jitter) only on {@link TimeoutException} and
 * {@link TransientProviderException} (connection errors, 5xx). Every attempt re-invokes the method
 * with the same arguments, hence the SAME Idempotency-Key and body: a retried charge never charges
 * twice. Never retried in-call: business answers (they are values, not failures), other 4xx,
 * 429 ({@link ProviderRateLimitedException}: fails fast, the step worker waits at least the
 * provider's Retry-After), an open breaker, a
 * full bulkhead;</li>
 * <li>{@code @CircuitBreaker} counting timeouts, transient failures and 429s (one breaker per method,
 * i.e. per provider endpoint; MicroProfile keeps breaker state per method);</li>
 * <li>{@code @Bulkhead} (async variant: concurrent calls + waiting queue) per method.</li>
 * </ul>
 * When the breaker is open or the retries are exhausted, the Uni fails and the pending-step worker
 * parks the step and retries it later: an outage never declines a payment.
 */
@ApplicationScoped
public class PaymentProvider {
    private static final Logger LOG = Logger.getLogger(PaymentProvider.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    @RestClient
    PaymentProviderClient client;

    /*
     * The same values as the @Timeout keys, applied once more INSIDE the call: SmallRye's timeout
     * fails the caller but does not cancel the running request, which would keep its bulkhead permit
     * until the socket's read timeout. Cancelling the Uni here (INNER_TIMEOUT_MARGIN later, so that
     * @Timeout fires first and callers and the breaker always see its TimeoutException) aborts the
     * HTTP request, so a hanging provider never holds the bulkhead much longer than one timeout.
     */
    static final Duration INNER_TIMEOUT_MARGIN = Duration.ofMillis(250);
    @ConfigProperty(name = "dev.checkoutsaga.payment.client.PaymentProvider/charge/Timeout/value", defaultValue = "5000")
    long chargeTimeoutMs;
    @ConfigProperty(name = "dev.checkoutsaga.payment.client.PaymentProvider/refund/Timeout/value", defaultValue = "5000")
    long refundTimeoutMs;
    @ConfigProperty(name = "dev.checkoutsaga.payment.client.PaymentProvider/chargeDirect/Timeout/value", defaultValue = "3000")
    long chargeDirectTimeoutMs;

    /** Charges the order's total; the same key and body on every attempt. */
    @AsynchronousNonBlocking
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 20000,
            retryOn = { TimeoutException.class, TransientProviderException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, successThreshold = 2,
            failOn = { TimeoutException.class, TransientProviderException.class, ProviderRateLimitedException.class })
    @Bulkhead(value = 10, waitingTaskQueue = 20)
    public Uni<ChargeResult> charge(UUID paymentId, UUID orderId, Money amount, String paymentToken) {
        String key = PaymentSaga.chargeKey(paymentId);
        return client.charge(key, chargeRequest(orderId, amount, paymentToken))
                .ifNoItem().after(Duration.ofMillis(chargeTimeoutMs).plus(INNER_TIMEOUT_MARGIN)).fail()
                .onFailure().transform(e -> unavailable("charge", key, e))
                .map(r -> chargeResult(key, Answer.of(r)));
    }

    /**
     * Charges a direct payment ({@code POST /payments}, synchronous): provider Idempotency-Key
     * {@link DirectPayments#providerKey} and {@code orderId} = the payment id, so that a client's retry
     * of a request that never finished re-sends the same key and body and the provider replays the
     * first charge. Same answer mapping as {@link #charge}; its own breaker and bulkhead (a burst of
     * direct charges cannot starve the saga's charges, and vice versa) and tighter bounds, because a
     * person waits for the answer and the request's transaction stays open meanwhile.
     */
    @AsynchronousNonBlocking
    @Timeout(3000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 10000,
            retryOn = { TimeoutException.class, TransientProviderException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 1000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, successThreshold = 2,
            failOn = { TimeoutException.class, TransientProviderException.class, ProviderRateLimitedException.class })
    @Bulkhead(value = 10, waitingTaskQueue = 20)
    public Uni<ChargeResult> chargeDirect(UUID paymentId, Money amount, String paymentToken, String reference) {
        String key = DirectPayments.providerKey(paymentId);
        ChargeRequest body = new ChargeRequest(amount.amountMinor(), amount.currency(), paymentToken, paymentId,
                DirectPayments.description(reference));
        return client.charge(key, body)
                .ifNoItem().after(Duration.ofMillis(chargeDirectTimeoutMs).plus(INNER_TIMEOUT_MARGIN)).fail()
                .onFailure().transform(e -> unavailable("charge", key, e))
                .map(r -> directChargeResult(key, Answer.of(r)));
    }

    /**
     * The charge body: a pure function of the payment record, so every attempt sends the same body
     * with the same key (the provider answers 422 to a key reused with another body).
     */
    public static ChargeRequest chargeRequest(UUID orderId, Money amount, String paymentToken) {
        return new ChargeRequest(amount.amountMinor(), amount.currency(), paymentToken, orderId, "checkout order " + orderId);
    }

    /** Refunds {@code amountMinor} of the charge; returns the provider's refund id. Same policy as {@link #charge}. */
    @AsynchronousNonBlocking
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 20000,
            retryOn = { TimeoutException.class, TransientProviderException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, successThreshold = 2,
            failOn = { TimeoutException.class, TransientProviderException.class, ProviderRateLimitedException.class })
    @Bulkhead(value = 10, waitingTaskQueue = 20)
    public Uni<String> refund(UUID paymentId, String chargeId, long amountMinor) {
        String key = PaymentSaga.refundKey(paymentId);
        return client.refund(key, new RefundRequest(chargeId, amountMinor))
                .ifNoItem().after(Duration.ofMillis(refundTimeoutMs).plus(INNER_TIMEOUT_MARGIN)).fail()
                .onFailure().transform(e -> unavailable("refund", key, e))
                .map(r -> refundResult(key, Answer.of(r)));
    }

    /** What the mapping looks at: status, body text, and whether the provider replayed a stored answer. */
    record Answer(int status, String body, boolean replayed, String retryAfter) {
        Answer(int status, String body, boolean replayed) {
            this(status, body, replayed, null);
        }

        static Answer of(RestResponse<?> r) {
            return new Answer(r.getStatus(), bodyOf(r), "true".equalsIgnoreCase(r.getHeaderString("Idempotent-Replayed")),
                    r.getHeaderString("Retry-After"));
        }

        /**
         * The body as text. With the default mapper disabled, a 2xx body is converted to the
         * declared String, but an error body (402) is handed over unread, as an InputStream.
         */
        private static String bodyOf(RestResponse<?> r) {
            Object entity = r.getEntity();
            if (entity == null || entity instanceof String) {
                return (String) entity;
            }
            if (entity instanceof java.io.InputStream in) {
                try (in) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new ProviderUnavailableException("unreadable provider answer (" + r.getStatus() + ")", e);
                }
            }
            return entity.toString();
        }
    }

    /** The answer mapping of a charge (package-visible for unit tests). */
    static ChargeResult chargeResult(String key, Answer r) {
        int status = r.status();
        logReplay(key, r);
        if (status == 201) {
            JsonNode body = json(key, r);
            String id = text(body, "id");
            if (id == null || !"succeeded".equals(text(body, "status"))) {
                throw new ProviderUnavailableException("charge " + key + ": 201 without a succeeded charge id: " + r.body());
            }
            return new PaymentSaga.Succeeded(id);
        }
        if (status == 402) {
            String code = text(json(key, r), "failureCode");
            return new PaymentSaga.Declined(code == null ? "declined" : code);
        }
        if (status == 400) {
            // the provider refused the request itself (e.g. an amount above its limit): no charge was
            // made and resending it can never help, so it is a decline, not an outage
            LOG.warnf("charge %s refused as invalid by the provider: %s", key, r.body());
            return new PaymentSaga.Declined("invalid_request");
        }
        if (status == 422) {
            // same key, different body: a bug on our side; the first request's outcome is unknown to us
            LOG.errorf("charge %s: provider says the idempotency key was used with another body: %s", key, r.body());
        }
        throw failure("charge " + key + ": provider answered " + status, r);
    }

    /** A direct charge: as {@link #chargeResult}, except that a 422 (key reused with another body) is the client's doing. */
    static ChargeResult directChargeResult(String key, Answer r) {
        if (r.status() == 422) {
            LOG.warnf("direct charge %s: the provider already saw this key with another body: %s", key, r.body());
            throw new ProviderKeyReusedException("charge " + key + ": provider answered 422 (key used with another body)");
        }
        return chargeResult(key, r);
    }

    /** Refund answers that the same request can never turn into a refund (see {@link RefundRefusedException}). */
    static final java.util.Set<Integer> REFUSED_FOR_GOOD = java.util.Set.of(400, 402, 404, 422);

    static String refundResult(String key, Answer r) {
        logReplay(key, r);
        if (r.status() == 201) {
            String id = text(json(key, r), "id");
            if (id != null) {
                return id;
            }
        }
        if (REFUSED_FOR_GOOD.contains(r.status())) {
            LOG.errorf("refund %s: provider refused it for good (%d), a person must act: %s", key, r.status(), r.body());
            throw new RefundRefusedException("refund " + key + ": provider answered " + r.status(), r.status());
        }
        if (r.status() == 409) {
            LOG.warnf("refund %s: provider says the key is in use (409), retried: %s", key, r.body());
        }
        throw failure("refund " + key + ": provider answered " + r.status(), r);
    }

    /** 5xx: transient (retried in-call); 429: rate limited (fails fast); anything else: the step retries. */
    static ProviderUnavailableException failure(String message, Answer r) {
        if (r.status() >= 500) {
            return new TransientProviderException(message);
        }
        if (r.status() == 429) {
            return new ProviderRateLimitedException(message + " (Retry-After " + r.retryAfter() + ")",
                    RetryAfterHint.parse(r.retryAfter()));
        }
        return new ProviderUnavailableException(message);
    }

    private static void logReplay(String key, Answer r) {
        if (r.replayed()) {
            LOG.infof("provider replayed the first answer for %s (%d)", key, r.status());
        }
    }

    /** No answer at all (connection refused or reset, read timeout): transient, retried in-call. */
    private static ProviderUnavailableException unavailable(String call, String key, Throwable e) {
        return e instanceof ProviderUnavailableException p ? p
                : new TransientProviderException(call + " " + key + ": provider unreachable: " + e, e);
    }

    private static JsonNode json(String key, Answer r) {
        try {
            return r.body() == null || r.body().isBlank() ? MAPPER.nullNode() : MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new ProviderUnavailableException(key + ": unreadable provider answer (" + r.status() + ")", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
