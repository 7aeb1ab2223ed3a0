package dev.checkoutsaga.idempotency;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Idempotency keys (prefix {@code saga.idempotency}). */
@ConfigMapping(prefix = "saga.idempotency")
public interface IdempotencyConfig {

    /** How long a key's first answer is replayed (Stripe: 24 h). */
    @WithDefault("24h")
    Duration ttl();

    /** How long a request waits for a concurrent one with the same key before it is answered 409. */
    @WithDefault("200ms")
    Duration inFlightWait();

    /** Bound of every Redis call; past it the cache is skipped and PostgreSQL answers. */
    @WithDefault("200ms")
    Duration redisTimeout();

    /** How often expired keys are deleted. */
    @WithDefault("10m")
    Duration cleanupInterval();
}
