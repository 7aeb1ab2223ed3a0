package dev.checkoutsaga.shipping.client;

import static dev.checkoutsaga.shipping.support.Fixtures.ADDRESS;
import static dev.checkoutsaga.shipping.support.Fixtures.UNDELIVERABLE;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.shipping.support.Fixtures;
import dev.checkoutsaga.shipping.domain.CarrierBooking;
import dev.checkoutsaga.shipping.domain.ShippingSaga;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.PrometheusText;
import dev.checkoutsaga.testkit.SandboxResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/**
 * The fault-tolerance policy of the carrier calls, against the real sandbox with its fault controls
 * (%test timings: timeout 1.5 s, 2 retries, breaker opens after 5 failed attempts and waits 1 s,
 * bulkhead 2 + 1 waiting). The sandbox counts the requests that reached it.
 */
@QuarkusTest
@Order(20)
class CarrierResilienceTest {

    @Inject
    CarrierClient carrier;
    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    @AfterEach
    void healthy() {
        sandbox().delete("/v1/admin/faults").then().statusCode(204);
        breakers.resetAll();
    }

    private static RequestSpecification sandbox() {
        return given().baseUri(SandboxResource.url());
    }

    private static void fault(String endpoint, String json) {
        sandbox().contentType(ContentType.JSON).body(json).put("/v1/admin/faults/" + endpoint).then().statusCode(200);
    }

    /** Requests that reached the sandbox's endpoint since the last reset of the faults. */
    private static int requests(String endpoint) {
        return sandbox().get("/v1/admin/faults/" + endpoint).then().statusCode(200).extract().path("requests");
    }

    private CompletableFuture<CarrierBooking> book(UUID orderId, ShippingAddress address) {
        return carrier.book(ShippingSaga.bookingKey(ShippingSaga.shipmentIdFor(orderId)), orderId, address)
                .subscribeAsCompletionStage();
    }

    private CompletableFuture<CarrierBooking> book(UUID orderId) {
        return book(orderId, ADDRESS);
    }

    private static Throwable failureOf(CompletableFuture<?> call) {
        try {
            call.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aHangingCarrierIsCutOffByTheTimeoutOfEachAttempt() {
        fault("shipments", "{\"mode\": \"hang\"}");
        long start = System.nanoTime();
        Throwable failure = failureOf(book(UUID.randomUUID()));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertInstanceOf(TimeoutException.class, failure);
        // cut off by our own 1.5 s timeouts (a TimeoutException, not the socket's read timeout), 3 attempts
        assertTrue(tookMs >= 4_500, "3 attempts of 1.5 s + 2 short backoffs; took " + tookMs + " ms");
        assertEquals(3, requests("shipments"), "a timeout is retried: 1 + 2 retries");
    }

    @Test
    void a503IsRetriedTheConfiguredNumberOfTimesAndARecoveryWithinTheRetriesBooksOnce() {
        fault("shipments", "{\"errorRate\": 1, \"errorStatus\": 503}");
        assertInstanceOf(CarrierTransientException.class, failureOf(book(UUID.randomUUID())));
        assertEquals(3, requests("shipments"), "1 + maxRetries (2)");

        healthy();
        fault("shipments", "{\"mode\": \"reset\", \"times\": 1}");
        UUID orderId = UUID.randomUUID();
        assertInstanceOf(CarrierBooking.Booked.class, book(orderId).join());
        assertEquals(2, requests("shipments"), "a connection reset is retried once, then booked");
        assertEquals(1, Fixtures.ledger(orderId).getList("shipments").size());
    }

    @Test
    void businessAnswersAndA429AreNeverRetriedInTheCall() {
        UUID undeliverable = UUID.randomUUID();
        assertInstanceOf(CarrierBooking.Undeliverable.class, book(undeliverable, UNDELIVERABLE).join());
        assertEquals(1, requests("shipments"), "a 422 is an answer, asked once");

        fault("shipments", "{\"errorRate\": 1, \"errorStatus\": 429, \"retryAfterSeconds\": 4}");
        Throwable limited = failureOf(book(UUID.randomUUID()));
        assertInstanceOf(CarrierRateLimitedException.class, limited);
        assertEquals(Duration.ofSeconds(4), ((CarrierRateLimitedException) limited).retryAfter());
        assertEquals(2, requests("shipments"), "the 429 was asked once: the step worker waits");
    }

    @Test
    void theBreakerOpensAfterItsThresholdFailsFastWhileOpenAndClosesAfterRecovery() {
        fault("shipments", "{\"errorRate\": 1, \"errorStatus\": 502}");
        assertInstanceOf(CarrierTransientException.class, failureOf(book(UUID.randomUUID())));
        assertInstanceOf(CircuitBreakerOpenException.class, failureOf(book(UUID.randomUUID())));
        assertEquals(5, requests("shipments"), "the breaker opened at the 5th failed attempt");

        assertInstanceOf(CircuitBreakerOpenException.class, failureOf(book(UUID.randomUUID())));
        assertEquals(5, requests("shipments"), "an open breaker calls nobody: it fails without waiting on the carrier");

        sandbox().delete("/v1/admin/faults").then().statusCode(204);
        UUID probe = UUID.randomUUID();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                return book(probe).get(5, TimeUnit.SECONDS) instanceof CarrierBooking.Booked;
            } catch (Exception e) {
                return false; // still open
            }
        });
        assertEquals(1, requests("shipments"), "nothing reached the carrier while open; then one probe");
        assertInstanceOf(CarrierBooking.Booked.class, book(UUID.randomUUID()).join());
        assertEquals(2, requests("shipments"), "closed again");
    }

    @Test
    void aFullBulkheadRejectsTheExtraCallsWithoutCallingTheCarrier() {
        fault("shipments", "{\"latencyMs\": 500}");
        List<CompletableFuture<CarrierBooking>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(book(UUID.randomUUID()));
        }
        int booked = 0;
        int rejected = 0;
        for (CompletableFuture<CarrierBooking> call : calls) {
            try {
                call.get(10, TimeUnit.SECONDS);
                booked++;
            } catch (Exception e) {
                assertInstanceOf(BulkheadException.class, e.getCause(), String.valueOf(e));
                rejected++;
            }
        }
        assertEquals(3, booked, "2 in flight + 1 waiting");
        assertEquals(2, rejected);
        assertEquals(3, requests("shipments"), "rejected calls never reached the carrier");
    }

    @Test
    void aCarrierOutageParksTheShipmentAndItIsBookedOnceTheCarrierIsBackNeverFailed() {
        Fixtures.createTopics();
        try (KafkaProbe probe = Fixtures.shippingProbe()) {
            fault("shipments", "{\"errorRate\": 1, \"errorStatus\": 503}");
            UUID orderId = UUID.randomUUID();
            Fixtures.publish(Fixtures.paymentCaptured(orderId, ADDRESS));

            await().atMost(Duration.ofSeconds(30)).until(() -> requests("shipments") >= 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/metrics").asString()
                    .lines().anyMatch(l -> l.startsWith("saga_steps_parked") && !l.endsWith(" 0.0")));
            assertEquals("PENDING", Fixtures.shipments(orderId).getString("[0].status"));

            sandbox().delete("/v1/admin/faults").then().statusCode(204);
            Fixtures.await(probe, orderId, EventType.SHIPMENT_SCHEDULED);
            assertEquals(0, Fixtures.count(probe, orderId, EventType.SHIPMENT_FAILED, Duration.ZERO));
            assertEquals(1, Fixtures.liveShipmentsAtCarrier(orderId));
            assertEquals(1, Fixtures.ledger(orderId).getList("shipments").size());
            assertEquals("SCHEDULED", Fixtures.shipments(orderId).getString("[0].status"));
        }
    }

    @Test
    void a429WithRetryAfterHoldsTheBookingUntilTheCarrierSaidThenBooksItOnceNeverFailed() {
        Fixtures.createTopics();
        try (KafkaProbe probe = Fixtures.shippingProbe()) {
            // the carrier throttles and asks for 3 s; our own %test backoff alone would retry
            // within about one poll (200 ms backoff, 1 s poll interval)
            fault("shipments", "{\"errorRate\": 1, \"errorStatus\": 429, \"retryAfterSeconds\": 3}");
            UUID orderId = UUID.randomUUID();
            Fixtures.publish(Fixtures.paymentCaptured(orderId, ADDRESS));
            await().atMost(Fixtures.WAIT).pollInterval(Duration.ofMillis(50)).until(() -> requests("shipments") >= 1);

            // correctness bound, not performance: no second booking request while the carrier's
            // Retry-After runs (window clearly below its 3 s)
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> requests("shipments") == 1);
            assertEquals("PENDING", Fixtures.shipments(orderId).getString("[0].status"));
            assertEquals(0, Fixtures.ledger(orderId).getList("shipments").size());

            sandbox().delete("/v1/admin/faults").then().statusCode(204); // healed (counters back to 0)
            Fixtures.await(probe, orderId, EventType.SHIPMENT_SCHEDULED);
            assertEquals(0, Fixtures.count(probe, orderId, EventType.SHIPMENT_FAILED, Duration.ZERO));
            assertEquals(1, Fixtures.liveShipmentsAtCarrier(orderId));
            assertEquals(1, Fixtures.ledger(orderId).getList("shipments").size());
            assertEquals("SCHEDULED", Fixtures.shipments(orderId).getString("[0].status"));
            assertEquals(1, requests("shipments"), "after healing, the one request that booked");
        }
    }

    @Test
    void aCancellationIsRetriedThroughAResetAndCancelsOnce() {
        UUID orderId = UUID.randomUUID();
        CarrierBooking.Booked booked = (CarrierBooking.Booked) book(orderId).join();
        fault("shipment-cancel", "{\"mode\": \"reset\", \"times\": 1}");
        carrier.cancel(ShippingSaga.cancellationKey(ShippingSaga.shipmentIdFor(orderId)), booked.carrierShipmentId())
                .await().atMost(Duration.ofSeconds(10));
        assertEquals(2, requests("shipment-cancel"));
        assertEquals(0, Fixtures.liveShipmentsAtCarrier(orderId));
    }

    /**
     * Cancellations have their own policy, the same shape as a booking's (%test: 1.5 s per attempt, 2
     * retries; breaker 10 attempts at 50 %): a hanging carrier costs three timed-out attempts, then a
     * TimeoutException (the cancel step retries later, with the same key); repeated 503s open the
     * cancel breaker, which then refuses without calling the carrier.
     */
    @Test
    void aHangingOrFailingCarrierIsCutOffAndThenShieldedByTheCancelBreaker() {
        fault("shipment-cancel", "{\"errorRate\": 1, \"errorStatus\": 503}");
        for (int call = 0; call < 3; call++) { // 9 attempts: the window of 10 is not full yet
            assertInstanceOf(CarrierTransientException.class, failureOf(cancelSomething()));
        }
        Throwable fourth = failureOf(cancelSomething());
        assertInstanceOf(CircuitBreakerOpenException.class, fourth, String.valueOf(fourth));
        int reached = requests("shipment-cancel");
        assertEquals(10, reached, "the 10th attempt fills the window and opens the breaker; the retry after it calls nobody");
        assertInstanceOf(CircuitBreakerOpenException.class, failureOf(cancelSomething()));
        assertEquals(reached, requests("shipment-cancel"), "an open breaker calls nobody");
        breakers.resetAll();

        int before = requests("shipment-cancel");
        fault("shipment-cancel", "{\"mode\": \"hang\"}");
        assertInstanceOf(TimeoutException.class, failureOf(cancelSomething()));
        // last: a request still hung in the sandbox must not blur the counts of the part above
        assertEquals(before + 3, requests("shipment-cancel"), "a timeout is retried: 1 + 2 retries");
    }

    private CompletableFuture<Void> cancelSomething() {
        return carrier.cancel(UUID.randomUUID().toString(), "shp_" + UUID.randomUUID()).subscribeAsCompletionStage();
    }

    @Test
    void everyBookingAndItsOutcomeIsCountedInTheFaultToleranceMetrics() {
        String method = "method=\"dev.checkoutsaga.shipping.client.CarrierClient.book\"";
        double returned = PrometheusText.scrape("ft_invocations_total", method, "result=\"valueReturned\"");
        double thrown = PrometheusText.scrape("ft_invocations_total", method, "result=\"exceptionThrown\"");
        double retries = PrometheusText.scrape("ft_retry_retries_total", method);

        book(UUID.randomUUID()).join();
        fault("shipments", "{\"errorRate\": 1, \"errorStatus\": 503}");
        failureOf(book(UUID.randomUUID()));

        assertEquals(returned + 1, PrometheusText.scrape("ft_invocations_total", method, "result=\"valueReturned\""));
        assertEquals(thrown + 1, PrometheusText.scrape("ft_invocations_total", method, "result=\"exceptionThrown\""));
        assertEquals(retries + 2, PrometheusText.scrape("ft_retry_retries_total", method), "the 503 was retried twice");
    }
}
