package dev.checkoutsaga.ratelimit;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Per-instance token buckets with the same limits as the shared Redis ones, used only while Redis
 * does not answer (then each replica limits on its own: with N replicas a client may get up to N
 * times the limit). Bounded: beyond {@code checkout.rate-limit.local-max-keys} buckets, the full
 * (idle) ones are dropped, which changes nothing for their owners.
 */
@ApplicationScoped
public class LocalTokenBucket {

    @Inject
    RateLimitConfig config;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    int size() {
        return buckets.size();
    }

    public RateLimitDecision take(String endpoint, String key, RateLimitConfig.Limit limit) {
        return take(endpoint, key, limit, System.nanoTime() / 1_000_000);
    }

    /** {@code now}: a monotonic clock in milliseconds (tests pass their own). */
    RateLimitDecision take(String endpoint, String key, RateLimitConfig.Limit limit, long now) {
        int capacity = limit.capacity();
        double perMs = limit.refillPerSecond() / 1000.0;
        if (buckets.size() >= config.localMaxKeys()) {
            evictFull(now);
        }
        Bucket bucket = buckets.computeIfAbsent(endpoint + "\n" + key, k -> new Bucket(capacity, perMs, now));
        synchronized (bucket) {
            bucket.refill(now, capacity, perMs);
            boolean allowed = bucket.tokens >= 1;
            long wait = 0;
            if (allowed) {
                bucket.tokens -= 1;
            } else {
                wait = (long) Math.ceil((1 - bucket.tokens) / perMs);
            }
            long full = (long) Math.ceil((capacity - bucket.tokens) / perMs);
            return new RateLimitDecision(allowed, capacity, (long) Math.floor(bucket.tokens), wait, full, false);
        }
    }

    private void evictFull(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext();) {
            Bucket b = it.next();
            synchronized (b) {
                b.refill(now, b.capacity, b.perMs);
                if (b.tokens >= b.capacity) {
                    it.remove();
                }
            }
        }
        if (buckets.size() >= config.localMaxKeys()) {
            buckets.clear(); // still too many active keys: forget rather than grow without bound
        }
    }

    private static final class Bucket {
        /** The limit the bucket was made with (its endpoint's), for eviction. */
        final int capacity;
        final double perMs;
        double tokens;
        long ts;

        Bucket(int capacity, double perMs, long ts) {
            this.capacity = capacity;
            this.perMs = perMs;
            this.tokens = capacity;
            this.ts = ts;
        }

        void refill(long now, int capacity, double perMs) {
            if (now > ts) {
                tokens = Math.min(capacity, tokens + (now - ts) * perMs);
                ts = now;
            }
        }
    }
}
