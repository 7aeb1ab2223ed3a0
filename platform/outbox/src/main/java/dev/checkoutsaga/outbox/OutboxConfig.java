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

    /**
     * PostgreSQL's {@code statement_timeout} of every JDBC connection (the relay, its LISTEN
     * connection, the counts of {@code GET /saga/activity}, Flyway): the database cancels a
     * statement that runs longer, e.g. one stuck behind a lock, and the relay backs off and tries
     * again. In PostgreSQL's notation ({@code 30s}, {@code 500ms}); applied as a connection option
     * ({@code quarkus.datasource.jdbc.additional-jdbc-properties.options}). A migration that needs
     * longer sets its own ({@code set statement_timeout = ...}) at its top.
     */
    @WithDefault("30s")
    String jdbcStatementTimeout();

    /**
     * How long a JDBC connection waits for any answer before it gives up (pgjdbc's
     * {@code socketTimeout}, whole seconds): bounds a database that hangs without refusing, where
     * no statement_timeout can act. Above {@link #jdbcStatementTimeout()}.
     */
    @WithDefault("60")
    int jdbcSocketTimeoutSeconds();
}
