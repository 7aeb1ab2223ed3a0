package dev.checkoutsaga.shipping.client;

import java.util.List;
import java.util.UUID;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.shipping.domain.CarrierBooking;
import dev.checkoutsaga.steps.RetryAfterHint;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * The carrier as the saga steps see it: business answers as values ({@link CarrierBooking}),
 * everything else as a failed Uni ({@link CarrierUnavailableException}) so that the step is retried.
 *
 * <p>Fault tolerance (MicroProfile Fault Tolerance; every value is configuration,
 * {@code quarkus.fault-tolerance."dev.checkoutsaga.shipping.client.CarrierClient/<book|cancel>".<strategy>.<param>},
 * see application.properties and the README's table). Order, outside in: retry, circuit breaker,
 * timeout, bulkhead, all on the returned Uni (non-blocking async):
 * <ul>
 * <li>{@code @Timeout} per attempt (also applied inside the call so the HTTP request is cancelled and
 * frees its bulkhead permit at once);</li>
 * <li>{@code @Retry} + {@code @ExponentialBackoff} with jitter, only on {@link TimeoutException} and
 * {@link CarrierTransientException} (connection errors, 5xx); every attempt re-invokes the method
 * with the same arguments, so the SAME Idempotency-Key and body. Never retried in-call: business
 * answers (values), other 4xx, 429 ({@link CarrierRateLimitedException}: fails fast, the step
 * worker waits at least the carrier's Retry-After), an open breaker, a full bulkhead;</li>
 * <li>{@code @CircuitBreaker} on timeouts, transient failures and 429s; {@code @Bulkhead} (async:
 * in flight + waiting queue). MicroProfile keeps their state per method: one per carrier endpoint.</li>
 * </ul>
 * When the breaker is open or the retries are exhausted the Uni fails; the pending-step worker
 * parks the step and retries it later: an outage never fails a shipment.
 */
@ApplicationScoped
public class CarrierClient {

    /** The sandbox wants at least one parcel; PaymentCaptured carries no lines, so an order is one parcel. */
    static final List<CarrierApi.Parcel> ONE_PARCEL = List.of(new CarrierApi.Parcel("order", 1));

    @Inject
    @RestClient
    CarrierApi api;

    /*
     * The @Timeout values again, applied inside the call plus INNER_TIMEOUT_MARGIN: SmallRye's timeout
     * does not cancel the request, this one does (so a hanging carrier never holds a bulkhead permit
     * much longer than one timeout). The margin lets @Timeout fire first, so that the failure a caller
     * sees (and the breaker counts) is always the fault-tolerance TimeoutException.
     */
    static final Duration INNER_TIMEOUT_MARGIN = Duration.ofMillis(250);
    @ConfigProperty(name = "quarkus.fault-tolerance.\"dev.checkoutsaga.shipping.client.CarrierClient/book\".timeout.value",
            defaultValue = "5000")
    long bookTimeoutMs;
    @ConfigProperty(name = "quarkus.fault-tolerance.\"dev.checkoutsaga.shipping.client.CarrierClient/cancel\".timeout.value",
            defaultValue = "5000")
    long cancelTimeoutMs;

    /** Books (or, with the same key, learns the outcome of an earlier booking). */
    @AsynchronousNonBlocking
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 20000,
            retryOn = { TimeoutException.class, CarrierTransientException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, successThreshold = 2,
            failOn = { TimeoutException.class, CarrierTransientException.class, CarrierRateLimitedException.class })
    @Bulkhead(value = 10, waitingTaskQueue = 20)
    public Uni<CarrierBooking> book(String idempotencyKey, UUID orderId, ShippingAddress address) {
        CarrierApi.BookingRequest body = bookingRequest(orderId, address);
        return Uni.createFrom().deferred(() -> api.book(idempotencyKey, body))
                .ifNoItem().after(Duration.ofMillis(bookTimeoutMs).plus(INNER_TIMEOUT_MARGIN)).fail()
                .onFailure().transform(e -> transportFailure("booking", e))
                .map(r -> CarrierResponses.booking(r.getStatus(), body(rateLimited("booking", r))));
    }

    /** Cancels a booked shipment (idempotent at the carrier). */
    @AsynchronousNonBlocking
    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 20000,
            retryOn = { TimeoutException.class, CarrierTransientException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10000, successThreshold = 2,
            failOn = { TimeoutException.class, CarrierTransientException.class, CarrierRateLimitedException.class })
    @Bulkhead(value = 10, waitingTaskQueue = 20)
    public Uni<Void> cancel(String idempotencyKey, String carrierShipmentId) {
        return Uni.createFrom().deferred(() -> api.cancel(idempotencyKey, carrierShipmentId))
                .ifNoItem().after(Duration.ofMillis(cancelTimeoutMs).plus(INNER_TIMEOUT_MARGIN)).fail()
                .onFailure().transform(e -> transportFailure("cancellation", e))
                .invoke(r -> CarrierResponses.cancellation(r.getStatus(), body(rateLimited("cancellation", r))))
                .replaceWithVoid();
    }

    /** The exact body of every booking attempt of an order; tests use it to replay a booking. */
    public static CarrierApi.BookingRequest bookingRequest(UUID orderId, ShippingAddress a) {
        return new CarrierApi.BookingRequest(orderId,
                new CarrierApi.Address(a.name(), a.line1(), a.line2(), a.city(), a.postalCode(), a.country()),
                ONE_PARCEL);
    }

    /** A 429 fails with the carrier's Retry-After; any other answer is handed on. */
    static Response rateLimited(String call, Response response) {
        if (response.getStatus() == 429) {
            String retryAfter = response.getHeaderString("Retry-After");
            response.close();
            throw new CarrierRateLimitedException("carrier rate limit to the " + call + ": HTTP 429, Retry-After "
                    + retryAfter, RetryAfterHint.parse(retryAfter));
        }
        return response;
    }

    /** The answer's body as text, whatever its media type; null without one. */
    static String body(Response response) {
        try (response) {
            if (!response.hasEntity()) {
                return null;
            }
            byte[] bytes = response.readEntity(byte[].class);
            return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Connection refused, reset, read timeout, ...: no answer at all. */
    static Throwable transportFailure(String call, Throwable e) {
        if (e instanceof CarrierUnavailableException) {
            return e;
        }
        if (e instanceof WebApplicationException wae && wae.getResponse() != null) {
            // only if the default mapper were on: still just an unexpected status
            return new CarrierUnavailableException("carrier " + call + " failed: HTTP " + wae.getResponse().getStatus(), e);
        }
        if (e instanceof ProcessingException || e instanceof java.io.IOException
                || e instanceof java.util.concurrent.TimeoutException) {
            return new CarrierTransientException("carrier unreachable for the " + call + ": " + e, e);
        }
        return new CarrierTransientException("carrier " + call + " failed: " + e, e);
    }
}
