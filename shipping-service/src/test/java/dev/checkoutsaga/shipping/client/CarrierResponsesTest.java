package dev.checkoutsaga.shipping.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.checkoutsaga.shipping.domain.CarrierBooking;
import dev.checkoutsaga.steps.RetryAfterHint;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

/**
 * The carrier adapter's mapping: only 201 and a 422 "not deliverable" are booking outcomes, only
 * 200 is a cancellation; every other answer and every transport error becomes a
 * {@link CarrierUnavailableException}, which fails the step's Uni so that the worker retries it.
 */
class CarrierResponsesTest {

    @Test
    void createdIsABookingWithTheCarriersIds() {
        CarrierBooking b = CarrierResponses.booking(201, """
                {"id":"shp_1","object":"shipment","status":"booked","carrier":"SandboxPost","trackingNumber":"SP42",
                 "orderId":"6f1c1f8e-5d3a-4b55-9a59-0d5b0f1f2a11"}""");
        assertEquals(new CarrierBooking.Booked("shp_1", "SandboxPost", "SP42"), b);
    }

    @Test
    void unprocessableIsAnUndeliverableOutcomeWithTheCarriersDetail() {
        CarrierBooking b = CarrierResponses.booking(422, """
                {"type":"about:blank","title":"Unprocessable Content","status":422,"detail":"address not deliverable",
                 "errors":[{"field":"address.postalCode","message":"not deliverable"}]}""");
        assertEquals(new CarrierBooking.Undeliverable("address not deliverable"), b);
    }

    @Test
    void anIdempotencyKeyMismatchIsNeverTakenForAnUndeliverableAddress() {
        assertThrows(CarrierUnavailableException.class, () -> CarrierResponses.booking(422, """
                {"status":422,"detail":"Idempotency-Key reused with a different request body",
                 "errors":[{"field":"Idempotency-Key","message":"was already used with a different request body"}]}"""));
    }

    @ParameterizedTest
    @ValueSource(ints = { 200, 400, 401, 404, 409, 429, 500, 502, 503, 504 })
    void everyOtherBookingAnswerIsATransientFailure(int status) {
        assertThrows(CarrierUnavailableException.class, () -> CarrierResponses.booking(status, "{\"status\":" + status + "}"));
    }

    @Test
    void aCreatedAnswerWithoutIdsIsAFailureNotABooking() {
        assertThrows(CarrierUnavailableException.class, () -> CarrierResponses.booking(201, "{}"));
        assertThrows(CarrierUnavailableException.class, () -> CarrierResponses.booking(201, "<html>"));
        assertThrows(CarrierUnavailableException.class, () -> CarrierResponses.booking(201, null));
    }

    @Test
    void onlyOkIsACancellation() {
        assertDoesNotThrow(() -> CarrierResponses.cancellation(200, "{\"status\":\"cancelled\"}"));
        for (int status : new int[] { 201, 404, 409, 429, 500, 503 }) {
            assertThrows(CarrierUnavailableException.class, () -> CarrierResponses.cancellation(status, ""));
        }
    }

    @Test
    void transportErrorsBecomeCarrierUnavailable() {
        Throwable refused = CarrierClient.transportFailure("booking", new ProcessingException(new ConnectException("refused")));
        assertInstanceOf(CarrierUnavailableException.class, refused);
        assertInstanceOf(CarrierUnavailableException.class,
                CarrierClient.transportFailure("booking", new TimeoutException("read timeout")));
        assertInstanceOf(CarrierUnavailableException.class,
                CarrierClient.transportFailure("booking", new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException()));
        CarrierUnavailableException same = new CarrierUnavailableException("x");
        assertSame(same, CarrierClient.transportFailure("booking", same));
    }

    @Test
    void only5xxAndTransportFailuresAreTransientA429IsRateLimitedAndOther4xxAreNeither() {
        for (int status : new int[] { 500, 502, 503, 504 }) {
            assertThrows(CarrierTransientException.class, () -> CarrierResponses.booking(status, "{}"), "status " + status);
        }
        assertThrows(CarrierRateLimitedException.class, () -> CarrierResponses.cancellation(429, "{}"));
        for (int status : new int[] { 400, 404, 409 }) {
            CarrierUnavailableException e = assertThrows(CarrierUnavailableException.class,
                    () -> CarrierResponses.booking(status, "{}"));
            assertEquals(CarrierUnavailableException.class, e.getClass(), "status " + status + " is not retried in the call");
        }
        assertInstanceOf(CarrierTransientException.class,
                CarrierClient.transportFailure("booking", new ProcessingException(new ConnectException("refused"))));
        assertInstanceOf(CarrierTransientException.class,
                CarrierClient.transportFailure("booking", new TimeoutException("no answer")));
    }

    @Test
    void a429CarriesTheCarriersRetryAfterInSecondsOrAsAnHttpDateForTheStepWorker() {
        CarrierRateLimitedException seconds = assertThrows(CarrierRateLimitedException.class,
                () -> CarrierClient.rateLimited("booking", Response.status(429).header("Retry-After", "4").build()));
        assertEquals(Duration.ofSeconds(4), RetryAfterHint.of(seconds));

        String inNinetySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(90));
        CarrierRateLimitedException dated = assertThrows(CarrierRateLimitedException.class,
                () -> CarrierClient.rateLimited("booking", Response.status(429).header("Retry-After", inNinetySeconds).build()));
        long left = RetryAfterHint.of(dated).toSeconds();
        assertTrue(left > 80 && left <= 90, "Retry-After as an HTTP date: " + dated.retryAfter());

        CarrierRateLimitedException without = assertThrows(CarrierRateLimitedException.class,
                () -> CarrierClient.rateLimited("booking", Response.status(429).build()));
        assertNull(RetryAfterHint.of(without), "no header: the worker's own backoff");
    }
}
