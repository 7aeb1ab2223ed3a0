package dev.checkoutsaga.ratelimit;

/**
 * One token-bucket answer: allowed or not, tokens left, time until the next token (when refused) and
 * until the bucket is full again; {@code shared} = decided by Redis (all replicas), not the
 * per-instance fallback.
 */
public record RateLimitDecision(boolean allowed, int limit, long remaining, long retryAfterMillis, long resetMillis,
        boolean shared) {

    /** Seconds for {@code Retry-After}: rounded up, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(retryAfterMillis));
    }

    /** Seconds for {@code RateLimit-Reset}: until the bucket is full again, rounded up. */
    public long resetSeconds() {
        return ceilSeconds(resetMillis);
    }

    private static long ceilSeconds(long millis) {
        return (Math.max(0, millis) + 999) / 1000;
    }
}
