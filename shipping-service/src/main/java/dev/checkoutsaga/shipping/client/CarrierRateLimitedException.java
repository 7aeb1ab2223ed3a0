package dev.checkoutsaga.shipping.client;

import java.time.Duration;

/**
 * The carrier answered 429. Not retried inside the call ({@code @ExponentialBackoff} cannot see a
 * {@code Retry-After}): the call fails at once and the pending-step worker retries the step after
 * its own backoff. Counts as a circuit-breaker failure.
 */
public class CarrierRateLimitedException extends CarrierUnavailableException {
    private final Duration retryAfter;

    public CarrierRateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The carrier's {@code Retry-After} (seconds form), or null without one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    static Duration parse(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
