package dev.checkoutsaga.order.client;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.checkoutsaga.order.api.OrderResource;
import dev.checkoutsaga.order.support.Orders;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;

/**
 * The resilience policy of the price lookup, with the fault injected in the fake inventory (500,
 * 429, hang) and the real Redis price cache: orders keep being accepted at the cached price, a SKU
 * nobody can price is a 503 + Retry-After, a 404 is never retried, and the circuit breaker opens,
 * fails fast and closes again.
 */
@QuarkusTest
class InventoryResilienceTest {
    private static final String PROBLEM = "application/problem+json";

    @Inject
    RedisDataSource redis;
    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void closedBreakerAndHealthyInventory() {
        Orders.inventoryMode("ok");
        breakers.reset(PriceSource.BREAKER);
    }

    @AfterEach
    void backToNormal() {
        Orders.inventoryMode("ok");
        // Other test classes need inventory's own answers (e.g. 404 -> 422), not the cache.
        breakers.reset(PriceSource.BREAKER);
        redis.key().del(PriceCache.key("SKU-1"), PriceCache.key("SKU-2"), PriceCache.key("SKU-3"));
    }

    @Test
    void anOrderIsAcceptedAtTheCachedPriceWhileInventoryAnswers500() {
        cachePrices();
        Orders.inventoryMode("fail");
        UUID id = acceptedFromCache(Orders.newCustomer());
        assertEquals("1777 EUR", redis.value(String.class).get(PriceCache.key("SKU-1")),
                "a cached price is not written back (its TTL is not extended)");
        Orders.get(id).then().statusCode(200).body("timeline[0].detail", containsString("prices from cache"));
    }

    @Test
    void anOrderIsAcceptedAtTheCachedPriceWhileInventoryHangs() {
        cachePrices();
        Orders.inventoryMode("hang");
        acceptedFromCache(Orders.newCustomer());
    }

    /**
     * Every call to inventory carries what is left of the order's budget for prices
     * (order.price-source.budget, 5 s, less the 300 ms kept for the cache): a retry after a
     * timed-out attempt (700 ms in %test) is sent with less.
     */
    @Test
    void eachCallToInventoryCarriesWhatIsLeftOfTheOrdersBudget() {
        redis.value(String.class).setex(PriceCache.key("SKU-3"), 600, "12 EUR");
        int before = Orders.inventoryBudgets().size();
        Orders.inventoryMode("hang");
        Orders.post(Orders.newCustomer(), onlySku3()).then().statusCode(202)
                .header(OrderResource.PRICE_SOURCE_HEADER, equalTo("cache"));

        java.util.List<Long> sent = Orders.inventoryBudgets().subList(before, Orders.inventoryBudgets().size());
        assertEquals(2, sent.size(), "1 attempt + 1 retry: " + sent);
        assertTrue(sent.get(0) > 0 && sent.get(0) <= 4700, "first attempt: " + sent);
        assertTrue(sent.get(1) > 0 && sent.get(1) <= sent.get(0) - 700, "the retry got what the first attempt left: " + sent);
    }

    @Test
    void answers503WithRetryAfterWhenInventoryFailsAndTheSkuIsNotCached() {
        String customer = Orders.newCustomer();
        redis.key().del(PriceCache.key("SKU-3"));
        Orders.inventoryMode("fail");
        Orders.post(customer, onlySku3()).then().statusCode(503).contentType(PROBLEM)
                .header("Retry-After", equalTo("2"));
        Orders.inventoryMode("ok");
        breakers.reset(PriceSource.BREAKER);
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void answers503WithRetryAfterWhenInventoryHangsAndTheSkuIsNotCached() {
        String customer = Orders.newCustomer();
        redis.key().del(PriceCache.key("SKU-3"));
        Orders.inventoryMode("hang");
        Orders.post(customer, onlySku3()).then().statusCode(503).contentType(PROBLEM)
                .header("Retry-After", equalTo("2"));
        Orders.inventoryMode("ok");
        breakers.reset(PriceSource.BREAKER);
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void anUnknownSkuIsA422AfterExactlyOneInventoryCallNeverRetried() {
        String customer = Orders.newCustomer();
        ObjectNode body = Orders.body();
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("items")).removeAll();
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("items")).addObject().put("sku", "NO-SUCH-SKU").put("quantity", 1);
        long before = Orders.inventoryRequests();
        Orders.post(customer, body).then().statusCode(422).contentType(PROBLEM)
                .body("errors[0].field", equalTo("items[0].sku"));
        assertEquals(before + 1, Orders.inventoryRequests(), "a 404 is an answer: asked once, not retried");
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(PriceSource.BREAKER),
                "404s do not count as failures");
    }

    @Test
    void a429FromInventoryIsRetriedThenTheCacheAnswers() {
        cachePrices();
        Orders.inventoryMode("throttle");
        long before = Orders.inventoryRequests();
        acceptedFromCache(Orders.newCustomer());
        // 2 SKUs x (1 attempt + 1 retry in the test profile)
        assertEquals(before + 4, Orders.inventoryRequests(), "each SKU was asked again after the 429");
    }

    @Test
    void anotherClientErrorFromInventoryIsNeverRetriedNorCountedByTheBreaker() {
        cachePrices();
        Orders.inventoryMode("reject");
        long before = Orders.inventoryRequests();
        acceptedFromCache(Orders.newCustomer());
        assertEquals(before + 2, Orders.inventoryRequests(), "one call per SKU: a 400 is not retried");
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(PriceSource.BREAKER),
                "4xx answers do not open the breaker");
    }

    @Test
    void theBreakerOpensAfterItsThresholdFailsFastAndClosesAfterInventoryRecovers() {
        cachePrices();
        Orders.inventoryMode("fail");
        // 2 SKUs x 2 attempts = 4 failures = the test profile's request volume threshold
        acceptedFromCache(Orders.newCustomer());
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState(PriceSource.BREAKER));

        long before = Orders.inventoryRequests();
        acceptedFromCache(Orders.newCustomer());
        assertEquals(before, Orders.inventoryRequests(), "an open breaker does not ask inventory at all");

        Orders.inventoryMode("ok");
        // after the breaker's delay a trial call goes through, succeeds, and the breaker closes
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> "inventory".equals(
                Orders.post(Orders.newCustomer(), Orders.body()).then().statusCode(202).extract()
                        .header(OrderResource.PRICE_SOURCE_HEADER)));
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(PriceSource.BREAKER));
        assertEquals("1999 EUR", redis.value(String.class).get(PriceCache.key("SKU-1")),
                "inventory's current price replaced the cached one");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String method = "method=\"dev.checkoutsaga.order.client.PriceSource.priceOf\"";
        for (String meter : new String[] { "ft_circuitbreaker_opened_total", "ft_retry_retries_total",
                "ft_invocations_total", "ft_timeout_calls_total", "ft_bulkhead_calls_total" }) {
            org.hamcrest.MatcherAssert.assertThat(metrics, containsString(meter + "{"));
        }
        org.hamcrest.MatcherAssert.assertThat(metrics, containsString(method));
    }

    /** Cached prices deliberately different from inventory's (1999 / 500), so their origin shows. */
    private void cachePrices() {
        redis.value(String.class).setex(PriceCache.key("SKU-1"), 600, "1777 EUR");
        redis.value(String.class).setex(PriceCache.key("SKU-2"), 600, "444 EUR");
    }

    private static UUID acceptedFromCache(String customer) {
        Response r = Orders.post(customer, Orders.body());
        r.then().statusCode(202)
                .header(OrderResource.PRICE_SOURCE_HEADER, equalTo("cache"))
                .body("items[0].unitPrice.amount", equalTo(1777))
                .body("items[1].unitPrice.amount", equalTo(444))
                .body("total.amount", equalTo(2 * 1777 + 444));
        return UUID.fromString(r.path("id"));
    }

    private static ObjectNode onlySku3() {
        ObjectNode body = Orders.body();
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("items")).removeAll();
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("items")).addObject().put("sku", "SKU-3").put("quantity", 1);
        return body;
    }
}
