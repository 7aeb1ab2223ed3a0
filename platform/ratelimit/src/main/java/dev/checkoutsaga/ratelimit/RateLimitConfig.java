package dev.checkoutsaga.ratelimit;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;

/**
 * Rate limits per caller and endpoint (docs/runbooks/rate-limit-triggered.md). The platform's
 * defaults are in this module's {@code META-INF/microprofile-config.properties}; a service or a
 * deployment overrides any key.
 */
@ConfigMapping(prefix = "checkout.rate-limit")
public interface RateLimitConfig {

    /** Off: nothing is limited (no Redis call, no {@code RateLimit-*} headers); the runbook's last resort. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long a decision waits for Redis before the per-instance bucket decides instead (the call
     * also passes the service's Redis breaker, platform/redis).
     */
    @WithDefault("200ms")
    Duration redisTimeout();

    /** Most per-instance fallback buckets kept in memory (idle full ones are dropped first). */
    @WithDefault("10000")
    @Positive
    int localMaxKeys();

    /**
     * The limit of each limited endpoint, by the name the service gives it: {@code orders}
     * (POST /orders), {@code order-cancels}, {@code payments} (POST /payments), {@code catalog-writes}.
     */
    Map<String, Limit> endpoints();

    interface Limit {
        /** Bucket size: the burst one caller may send at once. */
        @Positive
        int capacity();

        /** Tokens added per second (may be fractional, e.g. 0.5), up to the capacity. */
        @Positive
        double refillPerSecond();
    }
}
