package dev.checkoutsaga.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The pauses of a loop that retries after failures: {@code initial}, doubling after each failure up
 * to {@code max}, each spread by +/- {@code jitter} (a share, e.g. 0.2) so that the replicas of a
 * service do not all retry in the same instant after an outage; back to {@code initial} after a
 * success. Not thread-safe: one loop, one instance.
 */
final class RetryBackoff {
    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;
    private Duration next;

    RetryBackoff(Duration initial, Duration max, double jitter) {
        this(initial, max, jitter, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random}: values in [0, 1), for tests. */
    RetryBackoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max and 0 <= jitter < 1, got "
                    + initial + ", " + max + ", " + jitter);
        }
        this.initial = initial;
        this.max = max;
        this.jitter = jitter;
        this.random = random;
        this.next = initial;
    }

    /** The pause before the next attempt after a failure; the one after it will be twice as long (up to max). */
    Duration afterFailure() {
        Duration base = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofNanos(Math.round(base.toNanos() * factor));
    }

    /** A success: the next failure waits {@code initial} again. */
    void reset() {
        next = initial;
    }
}
