package dev.checkoutsaga.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.CheckoutInfraResource;
import dev.checkoutsaga.testkit.Outages;
import dev.checkoutsaga.testkit.PrometheusText;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;

/**
 * RedisCalls against the test kit's real redis-server, frozen (a Redis that hangs) or stopped (one
 * that refuses). %test breaker: opens after 4 failed commands out of 4, stays open 500 ms. Counting
 * the commands handed to Redis proves that an open breaker sends nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = CheckoutInfraResource.class,
        initArgs = @ResourceArg(name = "services", value = "redis"), restrictToAnnotatedClass = false)
class RedisCallsTest {
    private static final int THRESHOLD = 4;
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final String METHOD = "dev.checkoutsaga.redis.RedisCalls.call";

    @Inject
    RedisCalls calls;
    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    CircuitBreakerMaintenance breakers;

    private final AtomicInteger sent = new AtomicInteger();

    @BeforeEach
    void aKnownValue() {
        redis.value(String.class).set("redis-calls-test", "v").await().atMost(Duration.ofSeconds(5));
    }

    @AfterEach
    void closed() {
        breakers.reset(RedisCalls.BREAKER);
    }

    private CompletableFuture<String> get() {
        return calls.call(TIMEOUT, () -> {
            sent.incrementAndGet();
            return redis.value(String.class).get("redis-calls-test");
        }).subscribeAsCompletionStage();
    }

    private static Throwable failureOf(CompletableFuture<?> call) {
        try {
            call.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the command got an answer");
    }

    private static double opened() {
        return PrometheusText.scrape("ft_circuitbreaker_opened_total", "method=\"" + METHOD + "\"");
    }

    @Test
    void aHangingRedisCostsATimeoutPerCommandOnlyUntilTheBreakerOpensThenNothingIsSent() throws Exception {
        assertEquals("v", get().get(5, TimeUnit.SECONDS));
        double openedBefore = opened();
        sent.set(0);

        Outages.whileRedisHangs(() -> {
            for (int i = 0; i < THRESHOLD; i++) {
                assertInstanceOf(io.smallrye.mutiny.TimeoutException.class, failureOf(get()), "command " + i);
            }
            assertEquals(CircuitBreakerState.OPEN, breakers.currentState(RedisCalls.BREAKER));
            for (int i = 0; i < 10; i++) {
                assertInstanceOf(CircuitBreakerOpenException.class, failureOf(get()));
            }
            assertEquals(THRESHOLD, sent.get(), "while open, no command was handed to Redis");
            return null;
        });
        assertEquals(openedBefore + 1, opened(), "ft_circuitbreaker_opened_total of RedisCalls.call");

        // Redis answers again: after the breaker's delay a probe goes through and closes it
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                return "v".equals(get().get(5, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                return false;
            }
        });
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(RedisCalls.BREAKER));
    }

    @Test
    void aStoppedRedisOpensTheBreakerTooAndItClosesWhenRedisIsBack() {
        sent.set(0);
        Outages.whileRedisIsDown(() -> {
            for (int i = 0; i < THRESHOLD; i++) {
                failureOf(get()); // connection refused (or our timeout), whichever comes first
            }
            assertInstanceOf(CircuitBreakerOpenException.class, failureOf(get()));
            assertEquals(THRESHOLD, sent.get());
            return null;
        });
        // a restarted Redis has lost its data (no persistence): any answer closes the breaker
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                get().get(5, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException e) {
                return false;
            }
        });
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(RedisCalls.BREAKER));
    }

    @Test
    void aSlowCommandIsCutOffAtItsCallersTimeoutAndAnsweringCommandsKeepItClosed() throws Exception {
        // BLPOP on an empty list waits 2 s on the server: longer than the caller's 300 ms
        Throwable slow = failureOf(calls.call(TIMEOUT,
                () -> redis.list(String.class).blpop(Duration.ofSeconds(2), "redis-calls-test-empty"))
                .subscribeAsCompletionStage());
        assertInstanceOf(io.smallrye.mutiny.TimeoutException.class, slow);
        for (int i = 0; i < 2 * THRESHOLD; i++) {
            assertEquals("v", get().get(5, TimeUnit.SECONDS));
        }
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(RedisCalls.BREAKER),
                "one timeout among answers does not open it");
    }
}
