package dev.checkoutsaga.payment.config;

import java.time.Duration;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Direct payments, {@code POST /payments} (prefix {@code payment.direct}). */
@ConfigMapping(prefix = "payment.direct")
public interface DirectPaymentConfig {

    /** Largest amount one direct payment may charge, in minor units (400 above). */
    @WithDefault("1000000")
    long maxAmount();

    /** ISO 4217 currencies a direct payment may be made in (400 otherwise). */
    @WithDefault("EUR")
    Set<String> currencies();

    /**
     * The {@code Retry-After} of a 503 (provider unreachable, breaker open, bulkhead full, retries
     * exhausted) when the provider itself gave none, and how long after it the step worker asks the
     * provider again for the PENDING payment; about the breaker's delay.
     */
    @WithDefault("10s")
    Duration retryAfter();
}
