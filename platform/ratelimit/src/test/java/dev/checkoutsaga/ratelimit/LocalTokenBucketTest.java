package dev.checkoutsaga.order.api.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.order.config.OrderConfig;

/** The per-instance fallback bucket (plain JUnit, own clock): same arithmetic as the Lua script. */
class LocalTokenBucketTest {

    private final LocalTokenBucket bucket = new LocalTokenBucket();

    LocalTokenBucketTest() {
        bucket.config = config(3, 0.5, 2);
    }

    @Test
    void aFullBucketAllowsItsCapacityThenRefusesUntilATokenIsBack() {
        for (int i = 2; i >= 0; i--) {
            RateLimitDecision d = bucket.take("c:a", 1_000);
            assertTrue(d.allowed());
            assertEquals(i, d.remaining());
            assertEquals(3, d.limit());
        }
        RateLimitDecision refused = bucket.take("c:a", 1_000);
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        assertEquals(2_000, refused.retryAfterMillis(), "0.5 tokens per second: 2 s for the next one");
        assertEquals(2, refused.retryAfterSeconds());
        assertEquals(6, refused.resetSeconds(), "3 tokens at 0.5/s until full");

        assertFalse(bucket.take("c:a", 2_999).allowed());
        assertTrue(bucket.take("c:a", 3_010).allowed(), "one token back after 2 s");
    }

    @Test
    void refillStopsAtTheCapacityAndKeysAreIndependent() {
        bucket.take("c:a", 0);
        assertEquals(2, bucket.take("c:b", 0).remaining(), "another key has its own bucket");
        assertEquals(2, bucket.take("c:a", 3_600_000).remaining(), "an hour later: full (3), minus this one");
    }

    @Test
    void idleFullBucketsAreDroppedBeyondTheBound() {
        bucket.take("c:a", 0);
        bucket.take("c:b", 0);
        bucket.take("c:c", 10_000_000); // a and b are full again by now: dropped
        assertEquals(1, bucket.size());
    }

    /**
     * A config stub as a dynamic proxy: an (anonymous) class implementing OrderConfig would inherit
     * its validation constraints, which Quarkus' build refuses on a non-bean class.
     */
    private static OrderConfig config(int capacity, double refill, int maxKeys) {
        Object rateLimit = Proxy.newProxyInstance(OrderConfig.class.getClassLoader(),
                new Class<?>[] { OrderConfig.RateLimit.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "enabled" -> true;
                    case "capacity" -> capacity;
                    case "refillPerSecond" -> refill;
                    case "localMaxKeys" -> maxKeys;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (OrderConfig) Proxy.newProxyInstance(OrderConfig.class.getClassLoader(), new Class<?>[] { OrderConfig.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("rateLimit")) {
                        return rateLimit;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
