package dev.checkoutsaga.order.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.ratelimit.RateLimitKey;
import dev.checkoutsaga.ratelimit.RedisTokenBucket;
import dev.checkoutsaga.redis.RedisCalls;
import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.testkit.RedisService;
import dev.checkoutsaga.testkit.TestInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;

/**
 * Rate limit of POST /orders (test profile: 8 tokens, 1 per second): a burst gets 429s with the
 * RateLimit headers and stores nothing for them, tokens come back, the bucket is shared through
 * Redis, and a per-instance bucket still limits while Redis is down.
 */
@QuarkusTest
class OrderRateLimitTest {
    private static final String PROBLEM = "application/problem+json";
    private static final int MAX_BURST = 40;

    @ConfigProperty(name = "checkout.rate-limit.endpoints.orders.capacity")
    int capacity;
    @Inject
    CircuitBreakerMaintenance breakers;
    @Inject
    Vertx vertx;
    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    @AfterEach
    void sharedBucketAgain() {
        breakers.reset(RedisCalls.BREAKER);
    }

    @Test
    void aBurstAboveTheLimitGets429WithRateLimitHeadersAndNothingIsStoredForThem() {
        String customer = Orders.newCustomer();
        Burst burst = burstUntilRefused(customer);

        assertTrue(burst.accepted >= capacity, "the whole bucket was usable, accepted " + burst.accepted);
        Response first = burst.firstAccepted;
        first.then().header("RateLimit-Limit", equalTo(String.valueOf(capacity)))
                .header("RateLimit-Remaining", equalTo(String.valueOf(capacity - 1)))
                .header("RateLimit-Reset", notNullValue());
        burst.refused.then().statusCode(429).contentType(PROBLEM)
                .body("status", equalTo(429))
                .header("RateLimit-Limit", equalTo(String.valueOf(capacity)))
                .header("RateLimit-Remaining", equalTo("0"))
                .header("Retry-After", equalTo("1"));
        assertTrue(Integer.parseInt(burst.refused.header("RateLimit-Reset")) >= 1);
        assertEquals(burst.accepted, Orders.countFor(customer), "refused requests store no order");

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("checkout_rate_limit_rejected_total{endpoint=\"orders\""), "429s are counted");
    }

    @Test
    void rotatingACustomerIdInTheBodyNeitherBypassesTheLimitNorSpendsAnotherCustomersBudget() {
        String attacker = Orders.newCustomer();
        String victim = Orders.newCustomer();
        burstUntilRefused(attacker);
        for (int i = 0; i < 3; i++) {
            // the bucket is the token's subject's; a body naming a customer is not even read (unknown field)
            Orders.post(attacker, Orders.body().put("customerId", i == 0 ? victim : Orders.newCustomer()))
                    .then().statusCode(400).contentType(PROBLEM);
            Orders.post(attacker, Orders.body()).then().statusCode(429).contentType(PROBLEM);
        }
        Orders.post(victim, Orders.body()).then().statusCode(202)
                .header("RateLimit-Remaining", equalTo(String.valueOf(capacity - 1)));
        assertEquals(1, Orders.countFor(victim), "the victim has their own order only");
    }

    @Test
    void cancelsHaveTheirOwnBucketPerCustomer() {
        String customer = Orders.newCustomer();
        java.util.UUID id = Orders.place(customer);
        int cancelCapacity = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("checkout.rate-limit.endpoints.order-cancels.capacity", Integer.class);
        for (int i = 0; i < cancelCapacity; i++) {
            // the same cancel again is answered 202 (still cancelling): each one takes a token
            Orders.as(customer).post("/orders/" + id + "/cancel").then().statusCode(202)
                    .header("RateLimit-Limit", equalTo(String.valueOf(cancelCapacity)));
        }
        Orders.as(customer).post("/orders/" + id + "/cancel").then().statusCode(429).contentType(PROBLEM)
                .header("Retry-After", notNullValue());
        Orders.backOffice().post("/orders/" + id + "/cancel").then().statusCode(202); // another caller's bucket
    }

    @Test
    void anInvalidRequestStillTakesFromItsCallersBucket() {
        String customer = Orders.newCustomer();
        var invalid = Orders.body();
        invalid.remove("items");
        Orders.post(customer, invalid).then().statusCode(400).contentType(PROBLEM)
                .header("RateLimit-Limit", equalTo(String.valueOf(capacity)))
                .header("RateLimit-Remaining", equalTo(String.valueOf(capacity - 1)));
        assertTrue(!redis.key().keys(RateLimitKey.redisKey("orders", "sub:" + customer)).isEmpty(), "the bucket is the subject's");
    }

    @Test
    void tokensRefillOverTime() {
        String customer = Orders.newCustomer();
        burstUntilRefused(customer);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> Orders.post(customer, Orders.body()).statusCode() == 202);
    }

    @Test
    void anotherCustomerIsNotLimitedBySomeoneElsesBurst() {
        burstUntilRefused(Orders.newCustomer());
        Orders.post(Orders.newCustomer(), Orders.body()).then().statusCode(202)
                .header("RateLimit-Remaining", equalTo(String.valueOf(capacity - 1)));
    }

    @Test
    void theBucketIsSharedThroughRedisWithOtherInstances() throws IOException {
        String customer = Orders.newCustomer();
        Redis otherInstance = Redis.createClient(vertx, TestInfra.get().redis().url());
        try {
            String script = script();
            // Another replica takes every token of this customer's bucket with the same script; this
            // instance then refuses (retried: a token refilled in between would be legitimately used).
            java.util.concurrent.atomic.AtomicReference<Response> refused = new java.util.concurrent.atomic.AtomicReference<>();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
                drain(otherInstance, script, RateLimitKey.redisKey("orders", "sub:" + customer));
                Response r = Orders.post(customer, Orders.body());
                refused.set(r);
                return r.statusCode() == 429;
            });
            refused.get().then().contentType(PROBLEM).header("RateLimit-Remaining", equalTo("0"))
                    .header("Retry-After", notNullValue());
        } finally {
            otherInstance.close();
        }
    }

    @Test
    void whileRedisIsDownEachInstanceStillLimitsAndOrdersAreAccepted() {
        String customer = Orders.newCustomer();
        RedisService redisServer = TestInfra.get().redis();
        redisServer.stop();
        try {
            Burst burst = burstUntilRefused(customer);
            assertTrue(burst.accepted >= 1, "orders are still accepted without Redis");
            burst.refused.then().statusCode(429).contentType(PROBLEM)
                    .header("Retry-After", notNullValue())
                    .header("RateLimit-Limit", equalTo(String.valueOf(capacity)));
            assertEquals(burst.accepted, Orders.countFor(customer));
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("checkout_rate_limit_fallback_total"), "fallback decisions are counted");
        } finally {
            redisServer.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void aSlowRedisIsNotWaitedForThePerInstanceBucketDecidesAfterTheTimeout() {
        double fallbacksBefore = meter("checkout_rate_limit_fallback_total");
        Redis admin = Redis.createClient(vertx, TestInfra.get().redis().url());
        try {
            // Redis holds the commands of every client for 1.5 s: slow (beyond the 200 ms timeout), not down.
            admin.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(1500).arg("ALL")).await().atMost(Duration.ofSeconds(5));
            Orders.post(Orders.newCustomer(), Orders.body()).then().statusCode(202)
                    .header("RateLimit-Limit", equalTo(String.valueOf(capacity)));
            assertTrue(meter("checkout_rate_limit_fallback_total") > fallbacksBefore, "the per-instance bucket decided");
        } finally {
            admin.send(Request.cmd(Command.CLIENT).arg("UNPAUSE")).await().atMost(Duration.ofSeconds(5));
            admin.close();
        }
    }

    /** Sum of a Prometheus sample's values over its tags (0 when absent). */
    private static double meter(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> {
                    // "name{tags} value" or "name value", possibly followed by " # {exemplar} value time"
                    String sample = l.contains(" # ") ? l.substring(0, l.indexOf(" # ")) : l;
                    return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
                }).sum();
    }

    private record Burst(int accepted, Response firstAccepted, Response refused) {
    }

    /** Places orders for one customer until the first 429 (bounded). */
    private Burst burstUntilRefused(String customer) {
        List<Response> accepted = new ArrayList<>();
        for (int i = 0; i < MAX_BURST; i++) {
            Response r = Orders.post(customer, Orders.body());
            if (r.statusCode() == 429) {
                return new Burst(accepted.size(), accepted.isEmpty() ? null : accepted.get(0), r);
            }
            assertEquals(202, r.statusCode(), r.asString());
            accepted.add(r);
        }
        throw new AssertionError("no 429 after " + MAX_BURST + " orders of one customer");
    }

    private void drain(Redis client, String script, String redisKey) {
        for (int i = 0; i < 1000; i++) {
            var reply = client.send(Request.cmd(Command.EVAL).arg(script).arg(1).arg(redisKey)
                    .arg(capacity).arg(String.valueOf(refillPerSecond())))
                    .await().atMost(Duration.ofSeconds(5));
            if (reply.get(0).toInteger() == 0) {
                return;
            }
        }
        throw new AssertionError("bucket " + redisKey + " never ran empty");
    }

    private static double refillPerSecond() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("checkout.rate-limit.endpoints.orders.refill-per-second", Double.class);
    }

    /** The very script the service runs, as another replica would load it. */
    private static String script() throws IOException {
        try (InputStream in = OrderRateLimitTest.class.getClassLoader().getResourceAsStream(RedisTokenBucket.SCRIPT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
