package dev.checkoutsaga.steps;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The pending-step worker (prefix {@code saga.steps}). A step normally runs as soon as the
 * transaction that registered it commits; {@code poll-interval} is only the safety net.
 */
@ConfigMapping(prefix = "saga.steps")
public interface StepsConfig {

    /** Run the worker in this instance. Every replica may run it: steps are claimed with SKIP LOCKED. */
    @WithDefault("true")
    boolean workerEnabled();

    /**
     * Safety net: how often the worker looks for due steps when nothing woke it. A commit that
     * registers a step wakes every replica at once (NOTIFY), and a step rescheduled for later or
     * leased by a worker that died is picked up when it falls due; the poll only covers what those
     * can miss (a lost LISTEN connection).
     */
    @WithDefault("5s")
    Duration pollInterval();

    /**
     * Pause before the worker listens again when its LISTEN connection failed (database down); it
     * also looks for due steps then, since notifications sent meanwhile are lost.
     */
    @WithDefault("1s")
    Duration listenRetry();

    /**
     * Steps that run at the same time in this instance. This is the real bulkhead of the third-party
     * calls the steps make: more due steps wait in the table, where they cost nothing.
     */
    @WithDefault("10")
    int concurrency();

    /**
     * A claimed step is invisible to other workers this long, counted from its own claim (every
     * claimed step starts at once, so no step waits for another's run); a crashed worker's steps
     * come back after it: so the lease is also how long a killed instance's steps wait.
     */
    @WithDefault("30s")
    Duration lease();

    /**
     * Bound of one run of a step (its calls and transactions). Must stay below {@link #lease()}: a run
     * that hangs (a database that does not answer) is failed and rescheduled before another worker
     * could claim the same step.
     */
    @WithDefault("25s")
    Duration runTimeout();

    /** First wait after a failed run; doubles per attempt, +-20 % jitter. */
    @WithDefault("1s")
    Duration retryInitialBackoff();

    /** Cap of the doubling wait after failed runs. */
    @WithDefault("60s")
    Duration retryMaxBackoff();

    /**
     * The longest wait a {@link RetryAfterHint} (the third party's {@code Retry-After}) can impose:
     * a failed step is retried after max(backoff, min(hint, this)), so a hostile or broken header
     * cannot park a step for days. May exceed {@code retry-max-backoff}.
     */
    @WithDefault("10m")
    Duration retryAfterMax();

    /**
     * When a step succeeds after failed runs (its third party is back), bring every parked step of
     * the same kind forward to now instead of letting each wait out its backoff (up to
     * {@link #retryMaxBackoff()}): an outage's backlog drains within seconds of the recovery, at the
     * pace {@link #concurrency()} allows. Steps waiting on a {@link RetryAfterHint} are brought
     * forward too (the third party's new answer supersedes its old one).
     */
    @WithDefault("true")
    boolean releaseParkedOnRecovery();

    /** How often the {@code saga.steps.pending} and {@code saga.steps.parked} gauges are recounted. */
    @WithDefault("10s")
    Duration gaugeInterval();
}
