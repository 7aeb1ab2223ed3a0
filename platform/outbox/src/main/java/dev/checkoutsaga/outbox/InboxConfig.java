package dev.checkoutsaga.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a consumer retries a handler that failed for a transient reason (database down, lock timeout). */
@ConfigMapping(prefix = "saga.inbox")
public interface InboxConfig {

    /** First delay before retrying a failed handler; doubles (with jitter) up to {@link #retryMaxBackoff()}. */
    @WithDefault("200ms")
    Duration retryInitialBackoff();

    @WithDefault("10s")
    Duration retryMaxBackoff();

    /**
     * Attempts before a record that keeps failing for a NON-transient reason is handed to the
     * channel's failure strategy (the dead-letter topic). Transient failures (database down,
     * deadlock, timeout) are retried without limit: the partition waits rather than losing order.
     */
    @WithDefault("10")
    long maxRetries();

    /**
     * Bound of one handling (its transaction included). A database that hangs instead of refusing
     * would otherwise hold the partition forever; past this bound the attempt fails as a timeout
     * (transient) and is retried like a refused connection. Keep it well above a normal handling.
     */
    @WithDefault("30s")
    Duration handlerTimeout();

    /**
     * Consecutive timeouts of one event's handling (past {@link #handlerTimeout()}, or cancelled by
     * PostgreSQL's {@code statement_timeout}, which every reactive connection starts with, set to the
     * same bound: see platform/outbox's microprofile-config.properties)
     * after which the event itself is taken to be the problem, IF the database still answers a trivial
     * query: the event then goes to the dead-letter topic and its partition moves on. While the
     * database does not answer, timeouts stay an outage and are retried without limit. Meanwhile the
     * partition waits: at most this many times {@link #handlerTimeout()}, plus backoffs.
     */
    @WithDefault("5")
    int maxHandlerTimeouts();
}
