package dev.checkoutsaga.payment.client;

import static dev.checkoutsaga.payment.support.Fixtures.TOTAL;
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
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeResult;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.payment.support.Sandbox;
import dev.checkoutsaga.outbox.SagaLogContext;
import dev.checkoutsaga.steps.StepWorker;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.LogCapture;
import dev.checkoutsaga.testkit.PrometheusText;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/**
 * The fault-tolerance policy of the provider calls, against the real sandbox with its fault
 * controls (%test timings: timeout 1.5 s, 2 retries, breaker opens after 5 failed attempts and
 * waits 1 s, bulkhead 2 + 1 waiting). The sandbox counts the requests that reached it, which proves
 * how often we called and that an open breaker or a full bulkhead calls nobody.
 */
@QuarkusTest
@Order(20)
class ProviderResilienceTest {

    @Inject
    PaymentProvider provider;
    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void healthy() {
        sandbox().delete("/v1/admin/faults").then().statusCode(204);
        breakers.resetAll();
    }

    /** Healthy again, and no step of this test still retrying: the next test counts only its own requests. */
    @AfterEach
    void healthyAndQuiet() {
        healthy();
        Fixtures.awaitNoPendingSteps();
    }

    private static io.restassured.specification.RequestSpecification sandbox() {
        return Sandbox.sandbox();
    }

    private static void fault(String json) {
        Sandbox.fault("charges", json);
    }

    /** Requests that reached the sandbox's POST /v1/charges since the last reset of the faults. */
    private static int chargeRequests() {
        return Sandbox.requests("charges");
    }

    private CompletableFuture<ChargeResult> charge(UUID orderId) {
        return provider.charge(PaymentSaga.paymentIdFor(orderId), orderId, TOTAL, "tok_visa").subscribeAsCompletionStage();
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

    private static JsonPath ledger(UUID orderId) {
        return Fixtures.ledger(orderId);
    }

    @Test
    void aHangingProviderIsCutOffByTheTimeoutOfEachAttempt() {
        fault("{\"mode\": \"hang\"}");
        long start = System.nanoTime();
        Throwable failure = failureOf(charge(UUID.randomUUID()));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertInstanceOf(TimeoutException.class, failure);
        // our own timeout ended it (never the sandbox's 5 min hang), after 3 attempts of 1.5 s each
        assertTrue(tookMs >= 4_500, "took " + tookMs + " ms");
        assertEquals(3, chargeRequests(), "a timeout is retried: 1 + 2 retries");
    }

    @Test
    void a503IsRetriedTheConfiguredNumberOfTimesThenTheCallFails() {
        fault("{\"errorRate\": 1, \"errorStatus\": 503}");
        assertInstanceOf(TransientProviderException.class, failureOf(charge(UUID.randomUUID())));
        assertEquals(3, chargeRequests(), "1 + maxRetries (2)");

        // a provider that recovers within the retries: the call succeeds, one charge
        healthy();
        fault("{\"errorRate\": 1, \"errorStatus\": 502, \"times\": 2}");
        UUID orderId = UUID.randomUUID();
        assertInstanceOf(PaymentSaga.Succeeded.class, charge(orderId).join());
        assertEquals(3, chargeRequests());
        assertEquals(1, ledger(orderId).getList("charges").size());
    }

    @Test
    void aConnectionResetIsRetried() {
        fault("{\"mode\": \"reset\", \"times\": 1}");
        UUID orderId = UUID.randomUUID();
        assertInstanceOf(PaymentSaga.Succeeded.class, charge(orderId).join());
        assertEquals(2, chargeRequests());
        assertEquals(1, ledger(orderId).getList("charges").size());
    }

    @Test
    void aChargeWhoseAnswerWasDroppedIsRetriedWithTheSameKeyAndChargesOnce() {
        fault("{\"mode\": \"charge-then-drop\", \"times\": 1}");
        UUID orderId = UUID.randomUUID();
        ChargeResult result = charge(orderId).join();

        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(new PaymentSaga.Succeeded(books.getString("charges[0].id")), result,
                "the retry got the first charge's stored answer (same Idempotency-Key)");
        assertEquals(2, chargeRequests());
    }

    @Test
    void businessAnswersAndOther4xxAreNeverRetried() {
        UUID declined = UUID.randomUUID();
        assertEquals(new PaymentSaga.Declined("card_declined"),
                provider.charge(PaymentSaga.paymentIdFor(declined), declined, TOTAL, "tok_declined")
                        .subscribeAsCompletionStage().join());
        assertEquals(1, chargeRequests());

        // 422: the key was used with another body (sent here first, straight to the sandbox)
        UUID reused = UUID.randomUUID();
        sandbox().contentType(ContentType.JSON).header("Idempotency-Key", PaymentSaga.chargeKey(PaymentSaga.paymentIdFor(reused)))
                .body("{\"amount\": 1, \"currency\": \"EUR\", \"source\": \"tok_visa\", \"orderId\": \"" + reused + "\"}")
                .post("/v1/charges").then().statusCode(201);
        Throwable failure = failureOf(charge(reused));
        assertEquals(ProviderUnavailableException.class, failure.getClass(), String.valueOf(failure));
        assertEquals(3, chargeRequests(), "one call each, no retry");

        // 429 fails fast (the step worker waits), carrying the provider's Retry-After
        fault("{\"errorRate\": 1, \"errorStatus\": 429, \"retryAfterSeconds\": 3}");
        Throwable limited = failureOf(charge(UUID.randomUUID()));
        assertInstanceOf(ProviderRateLimitedException.class, limited);
        assertEquals(Duration.ofSeconds(3), ((ProviderRateLimitedException) limited).retryAfter());
        assertEquals(4, chargeRequests(), "the 429 was asked once, not retried in-call");
    }

    @Test
    void theBreakerOpensAfterItsThresholdFailsFastWhileOpenAndClosesAfterRecovery() {
        fault("{\"errorRate\": 1, \"errorStatus\": 503}");
        assertInstanceOf(TransientProviderException.class, failureOf(charge(UUID.randomUUID())));
        // attempts 4 and 5 fail, the breaker opens; the third attempt is refused without a call
        assertInstanceOf(CircuitBreakerOpenException.class, failureOf(charge(UUID.randomUUID())));
        assertEquals(5, chargeRequests());

        assertInstanceOf(CircuitBreakerOpenException.class, failureOf(charge(UUID.randomUUID())));
        assertEquals(5, chargeRequests(), "an open breaker calls nobody: it fails without waiting on the provider");

        // the provider recovers; after the breaker's delay (1 s) a probe goes through and closes it
        sandbox().delete("/v1/admin/faults").then().statusCode(204);
        UUID probe = UUID.randomUUID();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                return charge(probe).get(5, TimeUnit.SECONDS) instanceof PaymentSaga.Succeeded;
            } catch (Exception e) {
                return false; // still open
            }
        });
        assertEquals(1, chargeRequests(), "while open nothing reached the provider; then one probe");
        assertInstanceOf(PaymentSaga.Succeeded.class, charge(UUID.randomUUID()).join());
        assertEquals(2, chargeRequests(), "closed again");
    }

    @Test
    void aFullBulkheadRejectsTheExtraCallsWithoutCallingTheProvider() {
        fault("{\"latencyMs\": 500}");
        List<CompletableFuture<ChargeResult>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(charge(UUID.randomUUID()));
        }
        int succeeded = 0;
        int rejected = 0;
        for (CompletableFuture<ChargeResult> call : calls) {
            try {
                call.get(10, TimeUnit.SECONDS);
                succeeded++;
            } catch (Exception e) {
                assertInstanceOf(BulkheadException.class, e.getCause(), String.valueOf(e));
                rejected++;
            }
        }
        assertEquals(3, succeeded, "2 in flight + 1 waiting");
        assertEquals(2, rejected);
        assertEquals(3, chargeRequests(), "rejected calls never reached the provider");
    }

    /**
     * Refunds have their own policy, the same shape as a charge's (%test: 1.5 s per attempt, 2 retries,
     * breaker 10 attempts at 50 %, open 1 s): a hanging provider costs three timed-out attempts, then a
     * TimeoutException (the refund step retries later, with the same key); repeated 503s open the
     * refund breaker, which then refuses without calling the provider.
     */
    @Test
    void aHangingOrFailingProviderIsCutOffAndThenShieldedByTheRefundBreaker() {
        Sandbox.fault("refunds", "{\"errorRate\": 1, \"errorStatus\": 503}");
        for (int call = 0; call < 3; call++) { // 9 attempts: the window of 10 is not full yet
            assertInstanceOf(TransientProviderException.class, failureOf(refund()));
        }
        Throwable fourth = failureOf(refund());
        assertInstanceOf(CircuitBreakerOpenException.class, fourth, String.valueOf(fourth));
        int reached = Sandbox.requests("refunds");
        assertEquals(10, reached, "the 10th attempt fills the window and opens the breaker; the retry after it calls nobody");
        assertInstanceOf(CircuitBreakerOpenException.class, failureOf(refund()));
        assertEquals(reached, Sandbox.requests("refunds"), "an open breaker calls nobody");
        breakers.resetAll();

        int before = Sandbox.requests("refunds");
        Sandbox.fault("refunds", "{\"mode\": \"hang\"}");
        assertInstanceOf(TimeoutException.class, failureOf(refund()));
        // last: a request still hung in the sandbox must not blur the counts of the part above
        assertEquals(before + 3, Sandbox.requests("refunds"), "a timeout is retried: 1 + 2 retries");
    }

    private CompletableFuture<String> refund() {
        return provider.refund(UUID.randomUUID(), "ch_" + UUID.randomUUID(), 100).subscribeAsCompletionStage();
    }

    /**
     * Direct charges ({@code POST /payments}) have their own bulkhead, at its production size here (10 in
     * flight + 20 waiting): the 31st and later concurrent calls are refused at once and never reach the
     * provider, so an operator's burst cannot take every connection to it from the saga's charges.
     */
    @Test
    void aFullBulkheadOfDirectChargesRejectsTheExtraCallsWithoutCallingTheProvider() {
        // long enough to hold all 10 places while the 35 calls arrive; short enough that the third wave
        // of waiting calls (queued ~400 ms) still ends within the %test timeout (1.5 s), which counts
        // the wait in the queue too
        fault("{\"latencyMs\": 200}");
        List<CompletableFuture<ChargeResult>> calls = new ArrayList<>();
        for (int i = 0; i < 35; i++) {
            calls.add(provider.chargeDirect(UUID.randomUUID(), TOTAL, "tok_visa", "bulkhead-test")
                    .subscribeAsCompletionStage());
        }
        int succeeded = 0;
        int rejected = 0;
        for (CompletableFuture<ChargeResult> call : calls) {
            try {
                assertInstanceOf(PaymentSaga.Succeeded.class, call.get(30, TimeUnit.SECONDS));
                succeeded++;
            } catch (Exception e) {
                assertInstanceOf(BulkheadException.class, e.getCause(), String.valueOf(e));
                rejected++;
            }
        }
        assertEquals(30, succeeded, "10 in flight + 20 waiting");
        assertEquals(5, rejected);
        assertEquals(30, chargeRequests(), "rejected calls never reached the provider");
    }

    /** After an outage: PaymentCaptured, no PaymentDeclined, exactly one charge of the total at the provider. */
    private static void capturedOnceNeverDeclined(KafkaProbe probe, UUID orderId) {
        Fixtures.await(probe, orderId, EventType.PAYMENT_CAPTURED);
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_DECLINED, Duration.ZERO));
        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(3998, books.getLong("captured"));
        assertEquals("CAPTURED", Fixtures.payment(orderId).getString("status"));
    }

    @Test
    void aProviderOutageParksThePaymentAndItIsCapturedOnceTheProviderIsBackNeverDeclined() {
        Fixtures.createTopics();
        try (KafkaProbe probe = Fixtures.paymentsProbe(); LogCapture stepLog = LogCapture.of(StepWorker.class)) {
            fault("{\"errorRate\": 1, \"errorStatus\": 503}");
            UUID orderId = UUID.randomUUID();
            Fixtures.publish(Fixtures.chargeRequest(orderId, "tok_visa"));

            // the step ran and failed (retries, then the open breaker): the payment waits
            await().atMost(Duration.ofSeconds(30)).until(() -> chargeRequests() >= 5);
            // and its log line (a JSON line's "mdc" in a cluster) names the order
            String failed = "step charge of order " + orderId + " failed";
            await().atMost(Duration.ofSeconds(10)).until(() -> !stepLog.startingWith(failed).isEmpty());
            assertEquals(orderId.toString(), stepLog.startingWith(failed).get(0).mdc().get(SagaLogContext.ORDER_ID));
            await().atMost(Fixtures.WAIT).until(() -> given().get("/q/metrics").asString()
                    .lines().anyMatch(l -> l.startsWith("saga_steps_parked") && !l.endsWith(" 0.0")));
            assertEquals("PENDING", Fixtures.payment(orderId).getString("status"));

            sandbox().delete("/v1/admin/faults").then().statusCode(204);
            capturedOnceNeverDeclined(probe, orderId);
        }
    }

    @Test
    void a429WithRetryAfterHoldsTheChargeUntilTheProviderSaidThenCapturesItOnceNeverDeclined() {
        Fixtures.createTopics();
        try (KafkaProbe probe = Fixtures.paymentsProbe()) {
            // the provider throttles and asks for 3 s; our own %test backoff alone would retry
            // within about one poll (200 ms backoff, 1 s poll interval)
            fault("{\"errorRate\": 1, \"errorStatus\": 429, \"retryAfterSeconds\": 3}");
            UUID orderId = UUID.randomUUID();
            Fixtures.publish(Fixtures.chargeRequest(orderId, "tok_visa"));
            await().atMost(Fixtures.WAIT).pollInterval(Duration.ofMillis(50)).until(() -> chargeRequests() >= 1);

            // correctness bound, not performance: no second charge request while the provider's
            // Retry-After runs (window clearly below its 3 s)
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100))
                    .until(() -> chargeRequests() == 1);
            assertEquals("PENDING", Fixtures.payment(orderId).getString("status"));
            assertEquals(0, ledger(orderId).getList("charges").size());

            sandbox().delete("/v1/admin/faults").then().statusCode(204); // healed (counters back to 0)
            capturedOnceNeverDeclined(probe, orderId);
            assertEquals(1, chargeRequests(), "after healing, the one request that charged");
        }
    }

    @Test
    void aStockReservedWhoseChargeAnswerIsDroppedIsCapturedWithExactlyOneCharge() {
        Fixtures.createTopics();
        try (KafkaProbe probe = Fixtures.paymentsProbe()) {
            fault("{\"mode\": \"charge-then-drop\", \"times\": 1}");
            UUID orderId = UUID.randomUUID();
            Fixtures.publish(Fixtures.chargeRequest(orderId, "tok_visa"));

            Fixtures.await(probe, orderId, EventType.PAYMENT_CAPTURED);
            JsonPath books = ledger(orderId);
            assertEquals(1, books.getList("charges").size(), books.prettify());
            assertEquals(books.getString("charges[0].id"), Fixtures.payment(orderId).getString("providerChargeId"));
            assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_DECLINED, Duration.ZERO));
        }
    }

    @Test
    void everyChargeAndItsOutcomeIsCountedInTheFaultToleranceMetrics() {
        String method = "method=\"dev.checkoutsaga.payment.client.PaymentProvider.charge\"";
        double returned = PrometheusText.scrape("ft_invocations_total", method, "result=\"valueReturned\"");
        double thrown = PrometheusText.scrape("ft_invocations_total", method, "result=\"exceptionThrown\"");
        double retries = PrometheusText.scrape("ft_retry_retries_total", method);

        charge(UUID.randomUUID()).join();
        fault("{\"errorRate\": 1, \"errorStatus\": 503}");
        failureOf(charge(UUID.randomUUID()));

        assertEquals(returned + 1, PrometheusText.scrape("ft_invocations_total", method, "result=\"valueReturned\""));
        assertEquals(thrown + 1, PrometheusText.scrape("ft_invocations_total", method, "result=\"exceptionThrown\""));
        assertEquals(retries + 2, PrometheusText.scrape("ft_retry_retries_total", method), "the 503 was retried twice");
    }
}
