package dev.checkoutsaga.payment.api;

import dev.checkoutsaga.payment.support.Operators;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.payment.domain.DirectPayments;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.testkit.MalformedBodies;
import dev.checkoutsaga.testkit.MalformedParameters;
import dev.checkoutsaga.testkit.SandboxResource;
import dev.checkoutsaga.testkit.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/**
 * POST /payments (direct charges with a required Idempotency-Key) against the real PostgreSQL,
 * Redis and sandbox provider. The sandbox's ledger (books per provider orderId = payment id) and its
 * request counter prove how often money moved and how often we called.
 */
@QuarkusTest
@Order(30)
class DirectPaymentApiTest {
    private static final String REPLAYED = "Idempotent-Replayed";

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void healthyProvider() {
        sandbox().delete("/v1/admin/faults").then().statusCode(204);
        breakers.resetAll();
    }

    /**
     * A payment left PENDING by a test is finished by the step worker once the provider answers: wait
     * for that here, so that its charge is not counted in the next test's provider requests.
     */
    @AfterEach
    void everyPaymentFinished() {
        healthyProvider();
        Fixtures.awaitNoPendingSteps();
    }

    /** The same request again, as a client does after a 503 or 409, until it gets an answer that is not 409. */
    private static Response retryUntilAnswered(String key, String json) {
        AtomicReference<Response> last = new AtomicReference<>();
        await().atMost(Fixtures.WAIT).pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
            last.set(post(key, json));
            return last.get().statusCode() != 409;
        });
        return last.get();
    }

    /** The payment as GET /payments/{id} shows it. */
    private static JsonPath paymentOf(String key) {
        return Operators.operator().get("/payments/{id}", paymentId(key)).then().statusCode(200).extract().jsonPath();
    }

    // ---- helpers ----

    private static RequestSpecification sandbox() {
        return given().baseUri(SandboxResource.url());
    }

    private static void fault(String json) {
        sandbox().contentType(ContentType.JSON).body(json).put("/v1/admin/faults/charges").then().statusCode(200);
    }

    /** Requests that reached the sandbox's POST /v1/charges since the faults were last reset. */
    private static int chargeRequests() {
        return sandbox().get("/v1/admin/faults/charges").then().statusCode(200).extract().path("requests");
    }

    private static String body(String reference, long amount, String currency, String token) {
        return "{\"reference\": \"" + reference + "\", \"amount\": {\"amount\": " + amount + ", \"currency\": \"" + currency
                + "\"}, \"paymentToken\": \"" + token + "\"}";
    }

    private static String body(String token) {
        return body("ticket-" + UUID.randomUUID().toString().substring(0, 8), 1999, "EUR", token);
    }

    private static Response post(String key, String json) {
        RequestSpecification r = Operators.operator().contentType(ContentType.JSON).body(json);
        if (key != null) {
            r.header("Idempotency-Key", key);
        }
        return r.post("/payments");
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private static UUID paymentId(String key) {
        return DirectPayments.paymentIdFor(Operators.OPERATOR, key);
    }

    /** The provider's books for a direct payment (booked under orderId = the payment id). */
    private static JsonPath ledger(String key) {
        return Fixtures.ledger(paymentId(key));
    }

    private static void assertNothingStored(String key) {
        Operators.operator().get("/payments/{id}", paymentId(key)).then().statusCode(404);
    }

    // ---- tests ----

    @Test
    void twoOperatorsWithTheSameKeyMakeTwoPaymentsAndNeitherReplaysTheOther() {
        String key = newKey();
        String json = body("ticket-7", 700, "EUR", "tok_visa");
        String mine = post(key, json).then().statusCode(201).extract().path("id");
        Response theirs = given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.of("another-operator", "payments-operator"))
                .contentType(ContentType.JSON).header("Idempotency-Key", key).body(json).post("/payments");

        theirs.then().statusCode(201).header(REPLAYED, nullValue())
                .body("id", equalTo(DirectPayments.paymentIdFor("another-operator", key).toString()));
        assertEquals(paymentId(key).toString(), mine);
        assertEquals(1, ledger(key).getList("charges").size(), "one charge each");
        assertEquals(1, Fixtures.ledger(DirectPayments.paymentIdFor("another-operator", key)).getList("charges").size());
    }

    @Test
    void aChargeAnswers201WithTheCapturedPaymentAndItsLocationAndIsBookedOnceUnderThePaymentId() {
        String key = newKey();
        String json = body("ticket-42", 1999, "EUR", "tok_visa");
        Response r = post(key, json);
        r.then().statusCode(201).contentType(ContentType.JSON)
                .header("Location", "/payments/" + paymentId(key))
                .body("id", equalTo(paymentId(key).toString()))
                .body("kind", equalTo("DIRECT"))
                .body("orderId", nullValue())
                .body("reference", equalTo("ticket-42"))
                .body("status", equalTo("CAPTURED"))
                .body("amount.amount", equalTo(1999)).body("amount.currency", equalTo("EUR"))
                .body("captured.amount", equalTo(1999));
        assertNull(r.header(REPLAYED));

        JsonPath books = ledger(key);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(1999, books.getLong("captured"));
        assertEquals(books.getString("charges[0].id"), r.path("providerChargeId"));

        Operators.operator().get("/payments/{id}", paymentId(key)).then().statusCode(200)
                .body("status", equalTo("CAPTURED")).body("kind", equalTo("DIRECT"));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("payment_direct_payments_total{outcome=\"captured\""));
    }

    @Test
    void fiftyConcurrentRequestsWithOneKeyChargeOnceAndEverySuccessIsTheSameAnswer() throws Exception {
        fault("{\"latencyMs\": 300}"); // the first request is still in flight while the others arrive
        String key = newKey();
        String json = body("tok_visa");
        int n = 50;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Response> answers = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return post(key, json);
                }));
            }
            start.countDown();
            for (Future<Response> f : calls) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> successBodies = new HashSet<>();
        int created = 0;
        for (Response r : answers) {
            assertTrue(r.statusCode() == 201 || r.statusCode() == 409, r.statusCode() + " " + r.asString());
            if (r.statusCode() == 201) {
                created++;
                successBodies.add(r.asString());
                assertEquals("/payments/" + paymentId(key), r.header("Location"));
            } else {
                assertEquals("application/problem+json", r.contentType());
                assertNotNull(r.header("Retry-After"));
            }
        }
        assertTrue(created >= 1, "at least the first request succeeded");
        assertEquals(1, successBodies.size(), "every 2xx is the same answer");

        // the client retries its 409s: the stored answer is replayed
        Response retry = post(key, json);
        retry.then().statusCode(201).header(REPLAYED, "true");
        assertEquals(successBodies.iterator().next(), retry.asString());

        JsonPath books = ledger(key);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(1999, books.getLong("captured"));
        assertEquals(1, chargeRequests(), "the provider was called once for 51 requests");
    }

    @Test
    void theSameKeyWithADifferentBodyIs422AndChargesNothingMore() {
        String key = newKey();
        post(key, body("ticket-1", 1999, "EUR", "tok_visa")).then().statusCode(201);
        post(key, body("ticket-1", 2999, "EUR", "tok_visa")).then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", hasItem("Idempotency-Key"));

        JsonPath books = ledger(key);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(1999, books.getLong("captured"));
        assertEquals(1, chargeRequests());
    }

    @Test
    void aChargeWhoseAnswerIsLostIs503AndIsFinishedInTheBackgroundWithOneChargeAndTheRetryGetsItsAnswer() {
        // every in-call attempt is charged (the first) or replayed by the provider, and never answered
        fault("{\"mode\": \"charge-then-drop\", \"times\": 3}");
        String key = newKey();
        String json = body("tok_visa");

        post(key, json).then().statusCode(503).contentType("application/problem+json").header("Retry-After", "1");
        assertEquals(3, chargeRequests(), "1 + 2 in-call retries, all with the same provider key");
        assertEquals(1, ledger(key).getList("charges").size(), "the money moved once, the answer was lost");
        assertEquals("PENDING", paymentOf(key).getString("status"), "the intent was recorded before the call");

        // the step worker asks the provider again with the same provider key; the client's retry waits for it
        Response retry = retryUntilAnswered(key, json);
        retry.then().statusCode(201).header(REPLAYED, "true").body("status", equalTo("CAPTURED"));

        JsonPath books = ledger(key);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(1999, books.getLong("captured"));
        assertEquals(books.getString("charges[0].id"), retry.path("providerChargeId"),
                "the provider replayed the first charge to the same provider key");
        assertEquals(4, chargeRequests(), "3 by the request, 1 by the step worker");
        assertEquals("CAPTURED", paymentOf(key).getString("status"));
    }

    @Test
    void theSameKeyWithADifferentBodyAfterALostAnswerIs422AndChargesNothingMore() {
        fault("{\"mode\": \"charge-then-drop\", \"times\": 3}");
        String key = newKey();
        post(key, body("t-9", 1999, "EUR", "tok_visa")).then().statusCode(503);
        assertEquals(1, ledger(key).getList("charges").size());

        // the key was stored with the first body before the provider was called
        post(key, body("t-9", 2999, "EUR", "tok_visa")).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));

        // the original request with the same key gets its charge, finished in the background
        retryUntilAnswered(key, body("t-9", 1999, "EUR", "tok_visa")).then().statusCode(201)
                .body("amount.amount", equalTo(1999));
        JsonPath books = ledger(key);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(1999, books.getLong("captured"));
    }

    @Test
    void aDeclineIs402WithTheFailureCodeRecordedAndReplayedAsTheSame402() {
        String key = newKey();
        String json = body("tok_declined");
        Response first = post(key, json);
        first.then().statusCode(402).contentType("application/problem+json")
                .body("status", equalTo(402))
                .body("failureCode", equalTo("card_declined"))
                .body("paymentId", equalTo(paymentId(key).toString()));
        assertNull(first.header(REPLAYED));

        Response again = post(key, json);
        again.then().statusCode(402).contentType("application/problem+json").header(REPLAYED, "true");
        assertEquals(first.asString(), again.asString());

        Operators.operator().get("/payments/{id}", paymentId(key)).then().statusCode(200)
                .body("status", equalTo("DECLINED")).body("failureCode", equalTo("card_declined"))
                .body("captured.amount", equalTo(0));
        JsonPath books = ledger(key);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(0, books.getLong("captured"));
        assertEquals(1, chargeRequests(), "the replay did not ask the provider again");
    }

    @Test
    void everyMalformedBodyOfTheCorpusIsA4xxProblemAndNeitherChargesNorStores() {
        int before = chargeRequests();
        for (MalformedBodies.Variant v : MalformedBodies.of(body("tok_visa"))) {
            // a fresh operator each: their own rate-limit budget, so each body reaches validation
            String operator = "corpus-" + UUID.randomUUID();
            String key = newKey();
            Response r = given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.of(operator, "payments-operator"))
                    .contentType(ContentType.JSON).header("Idempotency-Key", key).body(v.body()).post("/payments");
            MalformedParameters.assertRejected(r.statusCode(), r.contentType(), r.asString(), v.name());
            given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.of(operator, "payments-operator"))
                    .get("/payments/{id}", DirectPayments.paymentIdFor(operator, key)).then().statusCode(404);
        }
        assertEquals(before, chargeRequests(), "no malformed body reached the provider");
    }

    @Test
    void aMissingIdempotencyKeyIs400NamingTheHeaderAndChargesNothing() {
        post(null, body("tok_visa")).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
        post("", body("tok_visa")).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
        assertEquals(0, chargeRequests());
    }

    @Test
    void anInvalidRequestIs400NamingTheFieldStoresNothingAndTheCorrectedRequestWithTheSameKeySucceeds() {
        String key = newKey();
        String tooLong = "r".repeat(65);
        record Case(String json, String field) {
        }
        List<Case> cases = List.of(
                new Case("{\"amount\": {\"amount\": 1999, \"currency\": \"EUR\"}, \"paymentToken\": \"tok_visa\"}", "reference"),
                new Case(body(tooLong, 1999, "EUR", "tok_visa"), "reference"),
                new Case(body("t-1", 0, "EUR", "tok_visa"), "amount.amount"),
                new Case(body("t-1", -5, "EUR", "tok_visa"), "amount.amount"),
                new Case(body("t-1", 1_000_001, "EUR", "tok_visa"), "amount.amount"),
                new Case(body("t-1", 1999, "eur", "tok_visa"), "amount.currency"),
                new Case(body("t-1", 1999, "USD", "tok_visa"), "amount.currency"),
                new Case(body("t-1", 1999, "EUR", "visa"), "paymentToken"),
                new Case("{\"reference\": \"t-1\", \"paymentToken\": \"tok_visa\"}", "amount"),
                new Case("{\"reference\": \"t-1\", \"amount\": {\"amount\": \"lots\", \"currency\": \"EUR\"}, "
                        + "\"paymentToken\": \"tok_visa\"}", "amount.amount"));
        for (Case c : cases) {
            post(key, c.json()).then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(c.field()));
        }
        assertNothingStored(key);
        assertEquals(0, chargeRequests());

        Response corrected = post(key, body("t-1", 1999, "EUR", "tok_visa"));
        corrected.then().statusCode(201);
        assertNull(corrected.header(REPLAYED), "no invalid attempt was stored under the key");
        assertEquals(1, ledger(key).getList("charges").size());
    }

    @Test
    void aProviderOutageIs503WithRetryAfterAndThePaymentIsChargedOnceWhenTheProviderIsBack() {
        fault("{\"errorRate\": 1, \"errorStatus\": 503}");
        String key = newKey();
        String json = body("tok_visa");
        post(key, json).then().statusCode(503).contentType("application/problem+json").header("Retry-After", "1");
        assertEquals(0, ledger(key).getList("charges").size());
        assertEquals(3, chargeRequests(), "1 + 2 in-call retries");
        assertEquals("PENDING", paymentOf(key).getString("status"));
        post(key, json).then().statusCode(409).header("Retry-After", "1"); // still pending: in flight

        sandbox().delete("/v1/admin/faults").then().statusCode(204);
        Response retry = retryUntilAnswered(key, json);
        retry.then().statusCode(201).header(REPLAYED, "true").body("status", equalTo("CAPTURED"));
        JsonPath books = ledger(key);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(1999, books.getLong("captured"));
    }

    @Test
    void anOpenBreakerIs503WithoutCallingTheProvider() {
        fault("{\"errorRate\": 1, \"errorStatus\": 503}");
        post(newKey(), body("tok_visa")).then().statusCode(503); // attempts 1..3
        post(newKey(), body("tok_visa")).then().statusCode(503); // attempts 4, 5: the breaker opens
        int before = chargeRequests();
        assertTrue(before >= 5, before + " requests");

        String key = newKey();
        post(key, body("tok_visa")).then().statusCode(503).header("Retry-After", "1");
        assertEquals(before, chargeRequests(), "an open breaker calls nobody");
        assertEquals("PENDING", paymentOf(key).getString("status"), "the intent stays, for the worker to finish");
    }

    @Test
    void withRedisDownAPaymentIsStillChargedOnceAndItsRepeatStillReplays() {
        String key = newKey();
        String json = body("tok_visa");
        TestInfra.get().redis().stop();
        try {
            Response first = post(key, json);
            first.then().statusCode(201);
            Response again = post(key, json);
            again.then().statusCode(201).header(REPLAYED, "true");
            assertEquals(first.asString(), again.asString());
            post(key, body("tok_declined")).then().statusCode(422);
        } finally {
            TestInfra.get().redis().start();
        }
        JsonPath books = ledger(key);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals(1, chargeRequests(), "PostgreSQL answered the replay: the provider was asked once");
    }

    @Test
    void directPaymentsAreListedOldestFirstPageByPageForTheAuditAndNotAsAnOrdersPayment() {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String key = newKey();
            post(key, body(i == 1 ? "tok_declined" : "tok_visa")).then().statusCode(i == 1 ? 402 : 201);
            mine.add(paymentId(key).toString());
        }

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification r = Operators.operator().queryParam("limit", 2);
            if (cursor != null) {
                r.queryParam("cursor", cursor);
            }
            JsonPath page = r.get("/payments/direct").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id");
            assertTrue(ids.size() <= 2);
            assertFalse(page.getList("items.kind").contains("SAGA"));
            listed.addAll(ids);
            cursor = page.getString("nextCursor");
            assertTrue(++pages < 1000);
        } while (cursor != null);

        assertEquals(listed.size(), new HashSet<>(listed).size(), "no payment twice across pages");
        List<String> mineInOrder = listed.stream().filter(mine::contains).toList();
        assertEquals(mine, mineInOrder, "all three, oldest first");

        // a direct payment is no order's payment
        Operators.operator().queryParam("orderId", mine.get(0)).get("/payments").then().statusCode(200)
                .body("size()", equalTo(0));
        Operators.operator().queryParam("limit", 0).get("/payments/direct").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
        Operators.operator().queryParam("cursor", "nonsense").get("/payments/direct").then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
    }

    @Test
    void theOpenApiDocumentDescribesTheRequiredIdempotencyKeyAndEveryAnswer() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Object> post = doc.getMap("paths.'/payments'.post");
        assertNotNull(post, "POST /payments is documented");
        List<Map<String, Object>> params = doc.getList("paths.'/payments'.post.parameters");
        assertTrue(params.stream().anyMatch(p -> "Idempotency-Key".equals(p.get("name")) && "header".equals(p.get("in"))
                && Boolean.TRUE.equals(p.get("required"))), String.valueOf(params));
        Map<String, Object> responses = doc.getMap("paths.'/payments'.post.responses");
        for (String status : List.of("201", "400", "402", "409", "422", "503")) {
            assertTrue(responses.containsKey(status), status + " in " + responses.keySet());
        }
        assertNotNull(doc.getMap("paths.'/payments/direct'.get"));
    }
}
