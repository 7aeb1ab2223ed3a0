package dev.checkoutsaga.payment.client;

import java.io.IOException;
import java.util.UUID;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.payment.client.PaymentProviderClient.ChargeRequest;
import dev.checkoutsaga.payment.client.PaymentProviderClient.RefundRequest;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeResult;
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
 * <p>Resilience: each call has a {@code @Timeout} whose value comes from configuration
 * ({@code dev.checkoutsaga.payment.client.PaymentProvider/charge/Timeout/value}, .../refund/...).
 * No @Retry here on purpose: the pending-step worker retries with backoff and survives restarts.
 * The circuit breaker and bulkhead of the resilience policy (issue 4) go on these two methods.
 */
@ApplicationScoped
public class PaymentProvider {
    private static final Logger LOG = Logger.getLogger(PaymentProvider.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    @RestClient
    PaymentProviderClient client;

    /** Charges the order's total; the same key and body on every attempt. */
    @Timeout(5000)
    public Uni<ChargeResult> charge(UUID paymentId, UUID orderId, Money amount, String paymentToken) {
        String key = PaymentSaga.chargeKey(paymentId);
        return client.charge(key, chargeRequest(orderId, amount, paymentToken))
                .onFailure().transform(e -> unavailable("charge", key, e))
                .map(r -> chargeResult(key, Answer.of(r)));
    }

    /**
     * The charge body: a pure function of the payment record, so every attempt sends the same body
     * with the same key (the provider answers 422 to a key reused with another body).
     */
    public static ChargeRequest chargeRequest(UUID orderId, Money amount, String paymentToken) {
        return new ChargeRequest(amount.amountMinor(), amount.currency(), paymentToken, orderId, "checkout order " + orderId);
    }

    /** Refunds {@code amountMinor} of the charge; returns the provider's refund id. */
    @Timeout(5000)
    public Uni<String> refund(UUID paymentId, String chargeId, long amountMinor) {
        String key = PaymentSaga.refundKey(paymentId);
        return client.refund(key, new RefundRequest(chargeId, amountMinor))
                .onFailure().transform(e -> unavailable("refund", key, e))
                .map(r -> refundResult(key, Answer.of(r)));
    }

    /** What the mapping looks at: status, body text, and whether the provider replayed a stored answer. */
    record Answer(int status, String body, boolean replayed) {
        static Answer of(RestResponse<?> r) {
            return new Answer(r.getStatus(), bodyOf(r), "true".equalsIgnoreCase(r.getHeaderString("Idempotent-Replayed")));
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
        throw new ProviderUnavailableException("charge " + key + ": provider answered " + status);
    }

    static String refundResult(String key, Answer r) {
        logReplay(key, r);
        if (r.status() == 201) {
            String id = text(json(key, r), "id");
            if (id != null) {
                return id;
            }
        }
        if (r.status() == 404 || r.status() == 409 || r.status() == 422) {
            LOG.errorf("refund %s: provider answered %d (needs attention, retried): %s", key, r.status(), r.body());
        }
        throw new ProviderUnavailableException("refund " + key + ": provider answered " + r.status());
    }

    private static void logReplay(String key, Answer r) {
        if (r.replayed()) {
            LOG.infof("provider replayed the first answer for %s (%d)", key, r.status());
        }
    }

    private static ProviderUnavailableException unavailable(String call, String key, Throwable e) {
        return e instanceof ProviderUnavailableException p ? p
                : new ProviderUnavailableException(call + " " + key + ": provider unreachable: " + e, e);
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
