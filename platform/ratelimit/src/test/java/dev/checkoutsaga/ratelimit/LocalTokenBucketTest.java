package dev.checkoutsaga.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;


/** The per-instance fallback bucket (plain JUnit, own clock): same arithmetic as the Lua script. */
class LocalTokenBucketTest {

    private final LocalTokenBucket bucket = new LocalTokenBucket();

    private final RateLimitConfig.Limit limit = limit(3, 0.5);

    LocalTokenBucketTest() {
        bucket.config = config(2);
    }

    @Test
    void aFullBucketAllowsItsCapacityThenRefusesUntilATokenIsBack() {
        for (int i = 2; i >= 0; i--) {
            RateLimitDecision d = bucket.take("orders", "sub:a", limit, 1_000);
            assertTrue(d.allowed());
            assertEquals(i, d.remaining());
            assertEquals(3, d.limit());
        }
        RateLimitDecision refused = bucket.take("orders", "sub:a", limit, 1_000);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(2_000, refused.retryAfterMillis(), "0.5 tokens per second: 2 s for the next one");
        assertEquals(2, refused.retryAfterSeconds());
        assertEquals(6, refused.resetSeconds(), "3 tokens at 0.5/s until full");

        assertFalse(bucket.take("orders", "sub:a", limit, 2_999).allowed());
        assertTrue(bucket.take("orders", "sub:a", limit, 3_010).allowed(), "one token back after 2 s");
    }

    @Test
    void refillStopsAtTheCapacityAndKeysAreIndependent() {
        bucket.take("orders", "sub:a", limit, 0);
        assertEquals(2, bucket.take("orders", "sub:b", limit, 0).remaining(), "another key has its own bucket");
        assertEquals(2, bucket.take("orders", "sub:a", limit, 3_600_000).remaining(), "an hour later: full (3), minus this one");
    }

    @Test
    void idleFullBucketsAreDroppedBeyondTheBound() {
        bucket.take("orders", "sub:a", limit, 0);
        bucket.take("orders", "sub:b", limit, 0);
        bucket.take("orders", "sub:c", limit, 10_000_000); // a and b are full again by now: dropped
        assertEquals(1, bucket.size());
    }

    @Test
    void anotherEndpointOfTheSameCallerHasItsOwnBucketWithItsOwnLimit() {
        for (int i = 0; i < 3; i++) {
            bucket.take("orders", "sub:a", limit, 0);
        }
        assertFalse(bucket.take("orders", "sub:a", limit, 0).allowed());
        RateLimitDecision payments = bucket.take("payments", "sub:a", limit(1, 1), 0);
        assertTrue(payments.allowed());
        assertEquals(1, payments.limit());
    }

    /**
     * Config stubs as dynamic proxies: a class implementing a config mapping would inherit its
     * validation constraints, which Quarkus' build refuses on a non-bean class.
     */
    private static RateLimitConfig config(int maxKeys) {
        return (RateLimitConfig) Proxy.newProxyInstance(RateLimitConfig.class.getClassLoader(),
                new Class<?>[] { RateLimitConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> true;
                    case "localMaxKeys" -> maxKeys;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static RateLimitConfig.Limit limit(int capacity, double refill) {
        return (RateLimitConfig.Limit) Proxy.newProxyInstance(RateLimitConfig.class.getClassLoader(),
                new Class<?>[] { RateLimitConfig.Limit.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "capacity" -> capacity;
                    case "refillPerSecond" -> refill;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
