package dev.checkoutsaga.shipping.client;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.shipping.domain.CarrierBooking;
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
 * <p>Fault tolerance: each call has a {@code @Timeout}, configured per method with
 * {@code quarkus.fault-tolerance."dev.checkoutsaga.shipping.client.CarrierClient/<method>".timeout.value}
 * (milliseconds; see application.properties). Retries are NOT done here: the pending-step worker
 * retries the whole step with backoff. The full policy (circuit breaker, bulkhead per dependency)
 * goes on these two methods, next to the @Timeout.
 */
@ApplicationScoped
public class CarrierClient {

    /** The sandbox wants at least one parcel; PaymentCaptured carries no lines, so an order is one parcel. */
    static final List<CarrierApi.Parcel> ONE_PARCEL = List.of(new CarrierApi.Parcel("order", 1));

    @Inject
    @RestClient
    CarrierApi api;

    /** Books (or, with the same key, learns the outcome of an earlier booking). */
    @Timeout(5000)
    public Uni<CarrierBooking> book(String idempotencyKey, UUID orderId, ShippingAddress address) {
        CarrierApi.BookingRequest body = bookingRequest(orderId, address);
        return Uni.createFrom().deferred(() -> api.book(idempotencyKey, body))
                .onFailure().transform(e -> transportFailure("booking", e))
                .map(r -> CarrierResponses.booking(r.getStatus(), body(r)));
    }

    /** Cancels a booked shipment (idempotent at the carrier). */
    @Timeout(5000)
    public Uni<Void> cancel(String idempotencyKey, String carrierShipmentId) {
        return Uni.createFrom().deferred(() -> api.cancel(idempotencyKey, carrierShipmentId))
                .onFailure().transform(e -> transportFailure("cancellation", e))
                .invoke(r -> CarrierResponses.cancellation(r.getStatus(), body(r)))
                .replaceWithVoid();
    }

    /** The exact body of every booking attempt of an order; tests use it to replay a booking. */
    public static CarrierApi.BookingRequest bookingRequest(UUID orderId, ShippingAddress a) {
        return new CarrierApi.BookingRequest(orderId,
                new CarrierApi.Address(a.name(), a.line1(), a.line2(), a.city(), a.postalCode(), a.country()),
                ONE_PARCEL);
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
            return new CarrierUnavailableException("carrier unreachable for the " + call + ": " + e, e);
        }
        return new CarrierUnavailableException("carrier " + call + " failed: " + e, e);
    }
}
