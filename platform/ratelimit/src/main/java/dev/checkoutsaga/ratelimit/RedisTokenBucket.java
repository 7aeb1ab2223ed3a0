package dev.checkoutsaga.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.faulttolerance.Fallback;
import org.jboss.logging.Logger;

import dev.checkoutsaga.redis.RedisCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The token bucket shared by every replica: one atomic Lua script in Redis
 * ({@code ratelimit/token_bucket.lua}, Redis server time), sent through the service's
 * {@link RedisCalls} (timeout {@code checkout.rate-limit.redis-timeout}, the service's one Redis
 * breaker); when Redis is down, slow or the breaker open, the per-instance {@link LocalTokenBucket}
 * decides instead (logged once per outage, metric {@code checkout.rate-limit.fallback}).
 */
@ApplicationScoped
public class RedisTokenBucket {
    private static final Logger LOG = Logger.getLogger(RedisTokenBucket.class);
    /** Classpath location of the script (tests run the same script as a second replica would). */
    public static final String SCRIPT_RESOURCE = "ratelimit/token_bucket.lua";
    public static final String SCRIPT = load();

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    RedisCalls redisCalls;
    @Inject
    RateLimitConfig config;
    @Inject
    LocalTokenBucket local;
    @Inject
    MeterRegistry registry;

    private final AtomicBoolean degraded = new AtomicBoolean();
    private Counter fallbacks;

    @jakarta.annotation.PostConstruct
    void metrics() {
        fallbacks = Counter.builder("checkout.rate-limit.fallback")
                .description("rate-limit decisions taken per instance because Redis did not answer")
                .register(registry);
    }

    @Fallback(fallbackMethod = "perInstance")
    public Uni<RateLimitDecision> take(String endpoint, String key, RateLimitConfig.Limit limit) {
        int capacity = limit.capacity();
        return redisCalls.call(config.redisTimeout(), () -> redis.execute("EVAL", SCRIPT, "1",
                        RateLimitKey.redisKey(endpoint, key), String.valueOf(capacity), String.valueOf(limit.refillPerSecond())))
                .map(r -> decision(r, capacity))
                .invoke(() -> {
                    if (degraded.compareAndSet(true, false)) {
                        LOG.info("rate limits are shared through Redis again");
                    }
                });
    }

    Uni<RateLimitDecision> perInstance(String endpoint, String key, RateLimitConfig.Limit limit, Throwable cause) {
        if (degraded.compareAndSet(false, true)) {
            LOG.warnf("Redis does not answer for rate limiting (%s): each instance limits on its own until it does",
                    cause.toString());
        }
        fallbacks.increment();
        return Uni.createFrom().item(() -> local.take(endpoint, key, limit));
    }

    static RateLimitDecision decision(Response r, int capacity) {
        return new RateLimitDecision(r.get(0).toLong() == 1, capacity, r.get(1).toLong(), r.get(2).toLong(),
                r.get(3).toLong(), true);
    }

    private static String load() {
        try (InputStream in = RedisTokenBucket.class.getClassLoader().getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT_RESOURCE + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
