package dev.checkoutsaga.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The outbox relay's settings (prefix {@code saga.outbox}). */
@ConfigMapping(prefix = "saga.outbox")
public interface OutboxConfig {

    /** Run the relay in this instance. Every replica may run it: rows are claimed with SKIP LOCKED. */
    @WithDefault("true")
    boolean relayEnabled();

    /** Rows claimed and published per transaction. */
    @WithDefault("200")
    int batchSize();

    /** Safety-net poll interval; a commit normally wakes the relay at once via LISTEN/NOTIFY. */
    @WithDefault("1s")
    Duration sweepInterval();

    /** How long the relay waits for Kafka to acknowledge a batch before it rolls back and retries. */
    @WithDefault("10s")
    Duration sendTimeout();

    /**
     * Pause after a failed batch (Kafka or database down) before the next attempt; it doubles after
     * each further failure up to {@link #failureBackoffMax()}, spread by +/- 20 %, and starts over
     * after a batch succeeds.
     */
    @WithDefault("1s")
    Duration failureBackoff();

    /**
     * The longest pause between failed batches. Also the most an outage's end can wait before the
     * relay tries again: keep it short next to the saga's deadline.
     */
    @WithDefault("5s")
    Duration failureBackoffMax();

    /** Published rows are kept this long (for inspection), then deleted. */
    @WithDefault("1h")
    Duration retention();

    /** Inbox rows are kept this long; a redelivery older than this would not be recognised. */
    @WithDefault("7d")
    Duration inboxRetention();

    @WithDefault("5m")
    Duration cleanupInterval();

    /**
     * Bound of each database and Kafka admin call of {@code GET /saga/activity} (the audit's "is the
     * saga quiet?" question); past it the endpoint answers 503.
     */
    @WithDefault("5s")
    Duration activityTimeout();
}
