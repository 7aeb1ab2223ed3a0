package dev.checkoutsaga.shipping.client;

import java.time.Duration;

import dev.checkoutsaga.steps.RetryAfterHint;

/**
 * The carrier answered 429. Not retried inside the call ({@code @ExponentialBackoff} cannot see a
 * {@code Retry-After}): the call fails at once. The carrier's {@code Retry-After} (seconds or HTTP
 * date) travels with the failure as a {@link RetryAfterHint}, so the pending-step worker retries
 * the booking or cancellation no earlier than the carrier asked: after max(its own backoff,
 * Retry-After), the Retry-After capped by {@code saga.steps.retry-after-max}. Without the header
 * the step waits its own backoff. Counts as a circuit-breaker failure.
 */
public class CarrierRateLimitedException extends CarrierUnavailableException implements RetryAfterHint {
    private final Duration retryAfter;

    public CarrierRateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The carrier's {@code Retry-After} (seconds or HTTP-date form), or null without a usable one. */
    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
