package dev.checkoutsaga.payment.client;

import java.time.Duration;

/**
 * The provider answered 429. Not retried inside the call: {@code @ExponentialBackoff} cannot see a
 * {@code Retry-After}, so the call fails at once (honouring the provider's wish not to be called
 * again right away) and the pending-step worker retries the step after its own backoff. Counts as a
 * circuit-breaker failure, so a provider that keeps throttling is left alone for the breaker's delay.
 */
public class ProviderRateLimitedException extends ProviderUnavailableException {
    private final Duration retryAfter;

    public ProviderRateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The provider's {@code Retry-After} (seconds form), or null without one. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
