package dev.checkoutsaga.order.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.OrderLine;
import dev.checkoutsaga.events.SagaEvent.OrderPlacementDeferred;
import dev.checkoutsaga.events.SagaEvent.StockReserved;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.Outages;
import dev.checkoutsaga.testkit.PrometheusText;
import dev.checkoutsaga.testkit.SagaTestEvents;
import dev.checkoutsaga.testkit.TestInfra;
import dev.checkoutsaga.testkit.TestPaymentTokens;
import dev.checkoutsaga.outbox.DirectPublisher;
import dev.checkoutsaga.redis.RedisCalls;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The degradation matrix of docs/design.md section 4 for the order API, with the test kit's real servers
 * stopped and started again: nothing accepted is lost, nothing is written twice.
 */
@QuarkusTest
class DegradationTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    private static Response post(String customer, ObjectNode body, String key) {
        var request = Orders.as(customer).contentType(ContentType.JSON).body(body.toString());
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/orders");
    }

    @Test
    void withTheDatabaseDownOrdersAreAcceptedServedStaleAndWrittenOnceWhenItReturns() {
        String customer = Orders.newCustomer();
        String key = UUID.randomUUID().toString();
        UUID before = Orders.place(customer);
        // the saga moves it on before the outage: the copy follows each step, not only placing
        Orders.publish(new StockReserved(before, List.of(new StockLine("SKU-1", 2), new StockLine("SKU-2", 1)),
                new Money(4498, "EUR"), "tok_visa", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> "STOCK_RESERVED".equals(Orders.status(before)));
        String deferredId;
        try (KafkaProbe probe = KafkaProbe.subscribe(Orders.bootstrap(), Topics.ORDERS)) {
            TestInfra.get().postgres().stop();
            try {
                // an order placed before the outage: its last copy, marked stale
                Orders.get(before).then().statusCode(200).body("id", equalTo(before.toString()))
                        .body("stale", equalTo(true)).body("status", equalTo("STOCK_RESERVED"))
                        .body("timeline.event", hasItem("StockReserved"));

                Response accepted = post(customer, Orders.body(), key);
                accepted.then().statusCode(202).header("X-Order-Write", "deferred")
                        .body("status", equalTo("PENDING")).body("stale", equalTo(true));
                deferredId = accepted.path("id");
                assertEquals("/orders/" + deferredId, accepted.header("Location"));

                // the client retries during the outage: the same answer, no second order
                Response retried = post(customer, Orders.body(), key);
                retried.then().statusCode(202).header("Idempotent-Replayed", "true");
                assertEquals(accepted.body().asString(), retried.body().asString());

                Orders.get(UUID.fromString(deferredId)).then().statusCode(200).body("stale", equalTo(true))
                        .body("status", equalTo("PENDING"));
                // degraded but serving: the pod stays in the Service
                given().when().get("/q/health/ready").then().statusCode(200)
                        .body("checks.find { it.name.startsWith('order API') }.data.PostgreSQL", startsWith("DOWN"));
                // what has no degraded form says so, with a time to come back
                Orders.as(customer).when().get("/orders").then().statusCode(503)
                        .header("Retry-After", "2").contentType("application/problem+json");
                // the breaker of the database has seen enough: it answers degraded at once now
                given().when().get("/q/metrics").then().statusCode(200)
                        .body(containsString("ft_circuitbreaker_opened_total{method=\"order-database\""));
                Orders.get(before).then().statusCode(200).body("stale", equalTo(true));
            } finally {
                TestInfra.get().postgres().start();
            }

            UUID id = UUID.fromString(deferredId);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Orders.get(id).then().statusCode(200)
                    .body("stale", equalTo(false))
                    .body("idempotencyKey", equalTo(key))
                    .body("timeline[0].detail", containsString("accepted while the order database was unavailable")));
            assertEquals(1, SagaTestEvents.count(probe, id, EventType.ORDER_PLACED, Duration.ofSeconds(5)),
                    "the written order starts its saga once");
        }
        // after the outage the key still replays the same order, and there are exactly two orders
        post(customer, Orders.body(), key).then().statusCode(202).header("Idempotent-Replayed", "true")
                .body("id", equalTo(deferredId));
        assertEquals(2, Orders.countFor(customer));
        Orders.get(before).then().statusCode(200).body("stale", equalTo(false));
    }

    /**
     * Only order-service writes the deferred topic (Kafka ACLs in a cluster), but the writer does not
     * trust the prices it carries either: a deferred order claiming 0.01 EUR a mug is written at
     * inventory's 19.99, and its timeline says so.
     */
    @Test
    void aDeferredOrderIsWrittenAtInventorysPricesNotAtThePricesItCarries() {
        String customer = Orders.newCustomer();
        UUID id = UUID.randomUUID();
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Orders.publish(new OrderPlacementDeferred(id, customer, List.of(new OrderLine("SKU-1", 2, new Money(1, "EUR"))),
                new ShippingAddress("Ada Lovelace", "1 Main St", null, "London", "N1 9GU", "GB"),
                TestPaymentTokens.sealed(id, "tok_visa_4242"), now, now.plusSeconds(300), false, null, null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Orders.get(id).then().statusCode(200)
                .body("stale", equalTo(false))
                .body("items[0].unitPrice.amount", equalTo(1999))
                .body("total.amount", equalTo(3998))
                .body("paymentTokenHint", equalTo("****4242"))
                .body("timeline[0].detail", containsString("re-priced when written: total 3998 EUR (accepted at 2 EUR)")));
    }

    @Test
    void withTheDatabaseAndKafkaDownAnOrderIsRefusedWith503AndNothingIsWrittenLater() {
        String customer = Orders.newCustomer();
        TestInfra.get().kafka().stop();
        TestInfra.get().postgres().stop();
        breakers.reset(DirectPublisher.BREAKER);
        try {
            post(customer, Orders.body(), null).then().statusCode(503).header("Retry-After", "2")
                    .contentType("application/problem+json").body("detail", containsString("retry later"));
            // nothing can take an order now: out of the Service until one of them is back
            given().when().get("/q/health/ready").then().statusCode(503);

            // %test: the Kafka breaker of deferred writes opens after 2 failed sends; then a write is
            // refused without waiting on Kafka (the breaker counts it as refused, not as a send)
            post(customer, Orders.body(), null).then().statusCode(503);
            assertEquals(CircuitBreakerState.OPEN, breakers.currentState(DirectPublisher.BREAKER));
            double refusedBefore = refusedByOpenBreaker();
            post(customer, Orders.body(), null).then().statusCode(503).header("Retry-After", "2");
            assertEquals(refusedBefore + 1, refusedByOpenBreaker());
        } finally {
            TestInfra.get().postgres().start();
            TestInfra.get().kafka().start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Orders.as(customer)
                .when().get("/orders").then().statusCode(200));
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void withKafkaDownOrdersAreAcceptedAndTheirSagaStartsWhenItReturns() {
        String customer = Orders.newCustomer();
        UUID id;
        TestInfra.get().kafka().stop();
        try {
            Response accepted = post(customer, Orders.body(), null);
            accepted.then().statusCode(202);
            assertNull(accepted.header("X-Order-Write"), "written at once: only the events wait");
            id = UUID.fromString(accepted.path("id"));
            Orders.get(id).then().statusCode(200).body("stale", equalTo(false));
        } finally {
            TestInfra.get().kafka().start();
        }
        try (KafkaProbe probe = KafkaProbe.subscribe(Orders.bootstrap(), Topics.ORDERS)) {
            SagaTestEvents.await(probe, id, EventType.ORDER_PLACED, Duration.ofSeconds(60));
        }
    }

    @Test
    void withRedisDownOrdersArePlacedAndReadAsUsual() {
        String customer = Orders.newCustomer();
        TestInfra.get().redis().stop();
        try {
            UUID id = Orders.place(customer);
            Orders.get(id).then().statusCode(200).body("stale", equalTo(false));
            Orders.as(customer).when().get("/orders").then().statusCode(200)
                    .body("items.id", hasItem(id.toString()));
        } finally {
            TestInfra.get().redis().start();
        }
    }

    /** Calls of DirectPublisher.publish that its open breaker refused (ft_circuitbreaker_calls_total). */
    private static double refusedByOpenBreaker() {
        return PrometheusText.scrape("ft_circuitbreaker_calls_total", "method=\"dev.checkoutsaga.outbox.DirectPublisher.publish\"",
                "circuitBreakerResult=\"circuitBreakerOpen\"");
    }

    /**
     * A Redis that hangs (connected, never answering) costs each Redis call its timeout only until
     * the service's Redis breaker opens; orders are placed and read from PostgreSQL all along, and
     * the breaker closes again once Redis answers.
     */
    @Test
    void withRedisHangingOrdersArePlacedAndReadAndTheRedisBreakerStopsAskingIt() {
        String customer = Orders.newCustomer();
        breakers.reset(RedisCalls.BREAKER);
        Outages.whileRedisHangs(() -> {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                UUID id = Orders.place(customer);
                Orders.get(id).then().statusCode(200).body("stale", equalTo(false));
                return breakers.currentState(RedisCalls.BREAKER) == CircuitBreakerState.OPEN;
            });
            UUID id = Orders.place(customer); // with the breaker open: no Redis call waits
            Orders.as(customer).when().get("/orders").then().statusCode(200).body("items.id", hasItem(id.toString()));
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Orders.place(customer);
            return breakers.currentState(RedisCalls.BREAKER) == CircuitBreakerState.CLOSED;
        });
    }

    /**
     * A database that hangs rather than refusing (here: the orders table locked by another
     * transaction) is cut off by order.degradation.database-timeout: the order is accepted as a
     * deferred write instead of the request hanging, and written once the database answers again.
     */
    @Test
    void aDatabaseThatHangsIsCutOffByTheTimeoutAndTheOrderIsWrittenWhenItAnswersAgain() throws Exception {
        String customer = Orders.newCustomer();
        String deferredId;
        try (var lock = Outages.lockTable("orders")) {
            Response accepted = post(customer, Orders.body(), UUID.randomUUID().toString());
            accepted.then().statusCode(202).header("X-Order-Write", "deferred");
            deferredId = accepted.path("id");
        }
        UUID id = UUID.fromString(deferredId);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Orders.get(id).then().statusCode(200)
                .body("stale", equalTo(false)));
        assertEquals(1, Orders.countFor(customer));
    }
}
