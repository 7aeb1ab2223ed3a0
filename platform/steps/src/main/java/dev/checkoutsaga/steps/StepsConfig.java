package dev.checkoutsaga.steps;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The pending-step worker (prefix {@code saga.steps}):
 * <ul>
 * <li>{@code worker-enabled} (true), {@code poll-interval} (1s), {@code batch-size} (50),
 * {@code lease} (60s);</li>
 * <li>{@code retry-initial-backoff} (1s), {@code retry-max-backoff} (60s): a failed step waits
 * initial * 2^(attempts-1), capped, +-20 % jitter;</li>
 * <li>{@code retry-after-max} (10m): a failure carrying a {@link RetryAfterHint} (e.g. a 429's
 * {@code Retry-After}) waits max(backoff, hint), the hint capped at this value.</li>
 * </ul>
 */
@ConfigMapping(prefix = "saga.steps")
public interface StepsConfig {

    @WithDefault("true")
    boolean workerEnabled();

    /** How often the worker looks for due steps (the Quarkus scheduler's floor is one second). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Steps claimed per poll. */
    @WithDefault("50")
    int batchSize();

    /** A claimed step is invisible to other workers this long; a crashed worker's steps come back after it. */
    @WithDefault("60s")
    Duration lease();

    /**
     * Bound of one run of a step (its calls and transactions). Must stay below {@link #lease()}: a run
     * that hangs (a database that does not answer) is failed and rescheduled before another worker
     * could claim the same step.
     */
    @WithDefault("45s")
    Duration runTimeout();

    @WithDefault("1s")
    Duration retryInitialBackoff();

    @WithDefault("60s")
    Duration retryMaxBackoff();

    /**
     * The longest wait a {@link RetryAfterHint} (the third party's {@code Retry-After}) can impose:
     * a failed step is retried after max(backoff, min(hint, this)), so a hostile or broken header
     * cannot park a step for days. May exceed {@code retry-max-backoff}.
     */
    @WithDefault("10m")
    Duration retryAfterMax();
}
