package dev.checkoutsaga.order.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.SagaTestEvents;
import dev.checkoutsaga.testkit.ServiceDatabase;
import dev.checkoutsaga.testkit.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Idempotency-Key on POST /orders: a client that retries never places a second order. */
@QuarkusTest
class OrderIdempotencyTest {
    @jakarta.inject.Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    private static Response post(String customer, ObjectNode body, String key) {
        return Orders.as(customer).contentType(ContentType.JSON).header("Idempotency-Key", key).body(body.toString())
                .when().post("/orders");
    }

    @Test
    void aRetriedRequestReplaysTheFirstAcceptanceAndPlacesOneOrder() {
        String customer = Orders.newCustomer();
        String key = UUID.randomUUID().toString();
        try (KafkaProbe probe = KafkaProbe.subscribe(Orders.bootstrap(), Topics.ORDERS)) {
            Response first = post(customer, Orders.body(), key);
            Response again = post(customer, Orders.body(), key);

            assertEquals(202, first.statusCode());
            assertEquals(202, again.statusCode());
            assertEquals(first.body().asString(), again.body().asString());
            assertEquals(first.header("Location"), again.header("Location"));
            assertNull(first.header("Idempotent-Replayed"));
            assertEquals("true", again.header("Idempotent-Replayed"));
            UUID id = UUID.fromString(first.path("id"));
            assertEquals(1, Orders.countFor(customer));
            Orders.get(id).then().statusCode(200).body("idempotencyKey", equalTo(key));
            // one order, one saga
            assertEquals(1, SagaTestEvents.count(probe, id, EventType.ORDER_PLACED, Duration.ofSeconds(3)));
        }
    }

    @Test
    void theSameKeyWithAnotherBodyIs422NamingTheHeaderAndPlacesNothing() {
        String customer = Orders.newCustomer();
        String key = UUID.randomUUID().toString();
        post(customer, Orders.body(), key).then().statusCode(202);

        ObjectNode other = Orders.body();
        other.put("paymentToken", "tok_mastercard");
        post(customer, other, key).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
        assertEquals(1, Orders.countFor(customer));
    }

    @Test
    void concurrentRetriesWithOneKeyPlaceExactlyOneOrder() throws Exception {
        String customer = Orders.newCustomer();
        String key = UUID.randomUUID().toString();
        int clients = 6; // below the test profile's rate-limit burst: only idempotency decides
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> post(customer, Orders.body(), key)));
            }
            Set<String> acceptedIds = new HashSet<>();
            for (Future<Response> f : answers) {
                Response r = f.get();
                assertTrue(r.statusCode() == 202 || r.statusCode() == 409, "202 or 409 (in flight), got " + r.statusCode());
                if (r.statusCode() == 202) {
                    acceptedIds.add(r.path("id"));
                } else {
                    assertEquals("1", r.header("Retry-After"));
                }
            }
            assertEquals(1, acceptedIds.size(), "every accepted answer names the same order");
        } finally {
            pool.shutdownNow();
        }
        // a later retry replays it, and there is still one order
        String replayed = post(customer, Orders.body(), key).then().statusCode(202).header("Idempotent-Replayed", "true")
                .extract().path("id");
        assertEquals(1, Orders.countFor(customer));
        Orders.get(UUID.fromString(replayed)).then().statusCode(200);
    }

    @Test
    void aRejectedRequestStoresNothingSoACorrectedRetryWithTheSameKeyIsPlaced() {
        String customer = Orders.newCustomer();
        String key = UUID.randomUUID().toString();
        ObjectNode invalid = Orders.body();
        invalid.putArray("items");
        post(customer, invalid, key).then().statusCode(400);
        ObjectNode unknownSku = Orders.body();
        ((com.fasterxml.jackson.databind.node.ArrayNode) unknownSku.get("items")).addObject().put("sku", "NO-SUCH-SKU")
                .put("quantity", 1);
        post(customer, unknownSku, key).then().statusCode(422);
        assertEquals(0, Orders.countFor(customer));

        post(customer, Orders.body(), key).then().statusCode(202);
        assertEquals(1, Orders.countFor(customer));
    }

    @Test
    void twoCustomersUseTheSameKeyIndependently() {
        String ada = Orders.newCustomer();
        String grace = Orders.newCustomer();
        String key = UUID.randomUUID().toString();
        String adas = post(ada, Orders.body(), key).then().statusCode(202).extract().path("id");
        Response graces = post(grace, Orders.body().put("paymentToken", "tok_mastercard"), key);

        graces.then().statusCode(202).header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
        assertTrue(!adas.equals(graces.path("id")), "grace's key placed grace's own order");
        assertEquals(1, Orders.countFor(ada));
        assertEquals(1, Orders.countFor(grace));
    }

    @Test
    void aKeyReusedAfterItsStoredAnswerExpiredIsA422AndPlacesNothing() {
        String customer = Orders.newCustomer();
        String key = UUID.randomUUID().toString();
        post(customer, Orders.body(), key).then().statusCode(202);
        // 24 h later: the key's record has expired (and Redis's copy with it)
        ServiceDatabase.update("update idempotency_key set expires_at = now() - interval '1 minute' "
                + "where caller = ? and idem_key = ?", customer, key);
        redis.key(String.class).keys("idem:orders:*").forEach(k -> redis.key(String.class).del(k));

        post(customer, Orders.body(), key).then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"))
                .body("errors.message", hasItem(org.hamcrest.Matchers.containsString("expired")));
        assertEquals(1, Orders.countFor(customer));
        post(customer, Orders.body(), UUID.randomUUID().toString()).then().statusCode(202);
    }

    @Test
    void aKeyLongerThan255CharactersIs400NamingTheHeader() {
        String customer = Orders.newCustomer();
        post(customer, Orders.body(), "k".repeat(256)).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void withRedisDownTheKeyStillPreventsASecondOrder() {
        String customer = Orders.newCustomer();
        String key = UUID.randomUUID().toString();
        TestInfra.get().redis().stop();
        try {
            String first = post(customer, Orders.body(), key).then().statusCode(202).extract().path("id");
            String again = post(customer, Orders.body(), key).then().statusCode(202)
                    .header("Idempotent-Replayed", "true").extract().path("id");
            assertEquals(first, again);
            assertEquals(1, Orders.countFor(customer));
        } finally {
            TestInfra.get().redis().start();
        }
    }
}
