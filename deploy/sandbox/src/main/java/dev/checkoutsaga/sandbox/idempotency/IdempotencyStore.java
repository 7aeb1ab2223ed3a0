package dev.checkoutsaga.sandbox.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import jakarta.ws.rs.core.Response;

/**
 * Idempotency keys with Stripe's semantics, in memory, plain Java (no Quarkus).
 *
 * <ul>
 * <li>A key is scoped by {@code scope} (the endpoint path): the same key on two paths is two keys.</li>
 * <li>The first request with a key executes; its answer is stored and every later request with the
 * same key and the same body fingerprint gets that answer back (same status, same bytes).</li>
 * <li>A repeat that arrives while the first is still executing WAITS for the first to finish and
 * then replays its answer (bounded by {@code waitTimeout}, then 409 "idempotency key in use").
 * Stripe answers 409 at once instead; a sandbox is a test double that callers retry against on
 * timeouts, so waiting makes a retry storm converge on one execution and one answer.</li>
 * <li>Same key, different body: 422, never executed, never stored.</li>
 * <li>If the action throws (a validation 400, an unexpected error, a fault injected later), nothing
 * is stored: the key is released and a retry with the same key executes afresh; repeats that were
 * waiting on it try again themselves.</li>
 * <li>A stored answer lives {@code ttl} from when it was stored; expired keys are dropped lazily on
 * use and by a periodic sweep on new keys.</li>
 * </ul>
 */
public class IdempotencyStore {

    /** The stored answer and whether this request got it as a replay. */
    public record Result(StoredReply reply, boolean replayed) {
    }

    private static final class Entry {
        final String fingerprint;
        /** Completes with the stored answer, or with null when the attempt stored nothing. */
        final CompletableFuture<StoredReply> answer = new CompletableFuture<>();
        volatile Instant expiresAt;

        Entry(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        boolean expired(Instant now) {
            Instant e = expiresAt;
            return e != null && !now.isBefore(e);
        }
    }

    /** A finished key, to keep it across restarts. */
    public record Saved(String id, String fingerprint, StoredReply reply, Instant expiresAt) {
    }

    /** Every key with a stored, unexpired answer (keys still in flight are left out: nothing was stored). */
    public List<Saved> snapshot() {
        Instant now = clock.instant();
        return entries.entrySet().stream()
                .filter(e -> e.getValue().answer.isDone() && e.getValue().expiresAt != null && !e.getValue().expired(now))
                .map(e -> new Saved(e.getKey(), e.getValue().fingerprint, e.getValue().answer.getNow(null),
                        e.getValue().expiresAt))
                .filter(sv -> sv.reply() != null)
                .toList();
    }

    /** Loads saved keys (at start-up, before any request). */
    public void restore(List<Saved> saved) {
        for (Saved sv : saved) {
            Entry e = new Entry(sv.fingerprint());
            e.expiresAt = sv.expiresAt();
            e.answer.complete(sv.reply());
            entries.put(sv.id(), e);
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final Duration waitTimeout;
    private final Duration sweepInterval;
    private final AtomicReference<Instant> lastSweep;
    private final AtomicInteger waiting = new AtomicInteger();

    public IdempotencyStore(Clock clock, Duration ttl, Duration waitTimeout) {
        this.clock = clock;
        this.ttl = ttl;
        this.waitTimeout = waitTimeout;
        Duration interval = ttl.dividedBy(24);
        this.sweepInterval = interval.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : interval;
        this.lastSweep = new AtomicReference<>(clock.instant());
    }

    /**
     * Runs {@code action} once per (scope, key) and returns its answer, or replays the stored one.
     *
     * @throws ProblemException 422 when the key was used with a different body, 409 when the first
     *         request is still in flight after {@code waitTimeout}; whatever {@code action} throws
     */
    public Result execute(String scope, String key, String fingerprint, Supplier<StoredReply> action) {
        String id = scope + '\n' + key;
        while (true) {
            Entry mine = new Entry(fingerprint);
            Entry existing = entries.putIfAbsent(id, mine);
            if (existing == null) {
                sweepIfDue();
                return new Result(run(id, mine, action), false);
            }
            if (existing.expired(clock.instant())) {
                entries.remove(id, existing);
                continue;
            }
            if (!existing.fingerprint.equals(fingerprint)) {
                throw ProblemException.unprocessable("Idempotency-Key reused with a different request body",
                        List.of(new Problem.FieldError("Idempotency-Key", "was already used with a different request body")));
            }
            StoredReply stored = await(existing);
            if (stored != null) {
                return new Result(stored, true);
            }
            // the first attempt stored nothing and released the key: try to execute ourselves
        }
    }

    private StoredReply run(String id, Entry mine, Supplier<StoredReply> action) {
        StoredReply reply;
        try {
            reply = action.get();
        } catch (RuntimeException | Error e) {
            entries.remove(id, mine); // release before waking the waiters, so they can take the key
            mine.answer.complete(null);
            throw e;
        }
        mine.expiresAt = clock.instant().plus(ttl);
        mine.answer.complete(reply);
        return reply;
    }

    private StoredReply await(Entry first) {
        waiting.incrementAndGet();
        try {
            return first.answer.get(waitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw inUse();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw inUse();
        } catch (ExecutionException e) {
            return null; // never completed exceptionally; treat like "nothing stored"
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Requests currently waiting for a first request with the same key to finish. */
    public int waiting() {
        return waiting.get();
    }

    private static ProblemException inUse() {
        return new ProblemException(Response.Status.CONFLICT,
                "idempotency key in use: a request with this key is still being processed; retry later");
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        Instant last = lastSweep.get();
        if (now.isBefore(last.plus(sweepInterval)) || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        entries.entrySet().removeIf(e -> e.getValue().expired(now));
    }

    /** Number of keys held (executing or stored). */
    public int size() {
        return entries.size();
    }

    /** Forgets every key (admin reset). */
    public void clear() {
        entries.clear();
    }
}
