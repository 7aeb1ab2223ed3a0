package dev.checkoutsaga.sandbox.idempotency;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code sandbox.idempotency.*} */
@ConfigMapping(prefix = "sandbox.idempotency")
public interface IdempotencyConfig {

    /** How long a key's first answer is replayed, counted from when it was stored (Stripe: 24 h). */
    @WithDefault("24h")
    Duration ttl();

    /** How long a repeat waits for a first request still in flight before answering 409. */
    @WithDefault("30s")
    Duration waitTimeout();
}
