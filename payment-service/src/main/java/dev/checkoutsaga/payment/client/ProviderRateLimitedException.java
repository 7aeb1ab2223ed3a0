package dev.checkoutsaga.payment.client;

import java.time.Duration;

import dev.checkoutsaga.steps.RetryAfterHint;

/**
 * The provider answered 429. Not retried inside the call ({@code @ExponentialBackoff} cannot see a
 * {@code Retry-After}): the call fails at once. The provider's {@code Retry-After} (seconds or
 * HTTP date) travels with the failure as a {@link RetryAfterHint}, so the pending-step worker
 * retries the charge or refund no earlier than the provider asked: after max(its own backoff,
 * Retry-After), the Retry-After capped by {@code saga.steps.retry-after-max}. Without the header
 * the step waits its own backoff. Counts as a circuit-breaker failure, so a provider that keeps
 * throttling is left alone for the breaker's delay.
 */
public class ProviderRateLimitedException extends ProviderUnavailableException implements RetryAfterHint {
    private final Duration retryAfter;

    public ProviderRateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The provider's {@code Retry-After} (seconds or HTTP-date form), or null without a usable one. */
    @Override
    public Duration retryAfter() {
        return retryAfter;
    }
}
