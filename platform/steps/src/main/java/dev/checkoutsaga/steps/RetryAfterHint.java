package dev.checkoutsaga.steps;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A step failure that knows when trying again makes sense, typically because the third party
 * answered 429 or 503 with a {@code Retry-After}. Implement it on the exception a
 * {@link StepHandler} fails with (it may also be wrapped: the worker walks the cause chain);
 * {@link StepWorker} then reschedules the step no earlier than the hint, i.e. after
 * {@code max(own backoff, hint)}, the hint capped by {@code saga.steps.retry-after-max}.
 * Mechanics only: what a hint means for the business is the service's affair.
 */
public interface RetryAfterHint {

    /** How long the third party asked us to wait; null (or not positive) = no hint. */
    Duration retryAfter();

    /** The first usable hint in {@code failure}'s cause chain, or null. */
    static Duration of(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof RetryAfterHint hint) {
                Duration d = hint.retryAfter();
                if (d != null && d.isPositive()) {
                    return d;
                }
            }
        }
        return null;
    }

    /** {@link #parse(String, Instant)} against the current time. */
    static Duration parse(String header) {
        return parse(header, Instant.now());
    }

    /**
     * An HTTP {@code Retry-After} value (RFC 9110, 10.2.3): delay-seconds ({@code 120}) or an
     * HTTP-date in the preferred IMF-fixdate form ({@code Sun, 06 Nov 1994 08:49:37 GMT}), read as
     * the time left until then. Null when absent, unreadable, negative or already past. A
     * delay-seconds too large for a long is returned as a very long duration (callers cap it).
     */
    static Duration parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException tooLarge) {
                return Duration.ofSeconds(Long.MAX_VALUE);
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration left = Duration.between(now, at);
            return left.isPositive() ? left : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
