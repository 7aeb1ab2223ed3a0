package dev.checkoutsaga.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;

/**
 * The REST API's database work in a participant (prefix {@code saga.api-database}): its bound and
 * its circuit breaker {@code api-database} ({@link ApiDatabase}). order-service has its own,
 * {@code order.degradation.database-*}.
 */
@ConfigMapping(prefix = "saga.api-database")
public interface ApiDatabaseConfig {

    /** Bound of one request's database work; beyond it (or on a connection error) the database counts as down: 503. */
    @WithDefault("3s")
    Duration timeout();

    /** Calls in the breaker's rolling window the failure ratio is computed over. */
    @WithDefault("10")
    @Positive
    int breakerRequestVolumeThreshold();

    /** Share of failed calls (database unreachable or too slow) in the window that opens the breaker. */
    @WithDefault("0.5")
    double breakerFailureRatio();

    /** How long the breaker stays open (every request 503 at once, nothing sent to the database) before one trial call. */
    @WithDefault("5s")
    Duration breakerDelay();

    /** Retry-After (seconds) of the 503 answered while the database cannot answer. */
    @WithDefault("5")
    @Positive
    int retryAfterSeconds();
}
