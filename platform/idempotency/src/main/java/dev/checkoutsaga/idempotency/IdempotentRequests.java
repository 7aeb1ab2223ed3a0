package dev.checkoutsaga.idempotency;

import dev.checkoutsaga.redis.RedisCalls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * Stripe-style {@code Idempotency-Key} for POST endpoints, one implementation for every service.
 *
 * <ul>
 * <li>The key is claimed by inserting its row in the same PostgreSQL transaction as the request's
 * writes ({@code work} runs inside it), and the answer is stored by that transaction too: either the
 * request's effects and its stored answer commit together, or neither does. PostgreSQL is the truth.</li>
 * <li>Same key, same request: the first answer is replayed (status, Location, body) with
 * {@code Idempotent-Replayed: true}, for {@link IdempotencyConfig#ttl()}.</li>
 * <li>Same key, different request: 422. Same key while the first is still executing: 409 (the second
 * waits at most {@link IdempotencyConfig#inFlightWait()} on the first one's uncommitted row).</li>
 * <li>A request that fails (validation, business refusal, crash) rolls back and stores nothing, so a
 * corrected retry with the same key executes. Rate-limit answers never get here.</li>
 * <li>Redis caches finished answers for fast replays; when it is down or slow it is skipped.</li>
 * </ul>
 */
@ApplicationScoped
public class IdempotentRequests {
    private static final Logger LOG = Logger.getLogger(IdempotentRequests.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    private static final String CLAIM = "insert into idempotency_key (scope, caller, idem_key, fingerprint, expires_at) "
            + "values (?1, ?2, ?3, ?4, ?5) on conflict (scope, caller, idem_key) do nothing returning idem_key";
    private static final String STORED = "select fingerprint, response_status, response_headers, response_body, expires_at "
            + "from idempotency_key where scope = ?1 and caller = ?2 and idem_key = ?3";
    private static final String DROP_EXPIRED = "delete from idempotency_key where scope = ?1 and caller = ?2 "
            + "and idem_key = ?3 and expires_at < now() returning idem_key";
    private static final String STORE = "update idempotency_key set response_status = ?4, response_headers = ?5, "
            + "response_body = ?6 where scope = ?1 and caller = ?2 and idem_key = ?3 returning idem_key";
    // SET LOCAL and SET LOCAL ... TO DEFAULT as row-returning queries: Hibernate treats a native
    // executeUpdate as a bulk write it cannot see into, queues cache clean-up for it and warns on every
    // request when the session closes (HHH90010101, HHH90010108)
    private static final String SET_LOCK_TIMEOUT = "select set_config('lock_timeout', ?1, true)";
    private static final String RESET_LOCK_TIMEOUT = "select set_config('lock_timeout', reset_val, true) "
            + "from pg_settings where name = 'lock_timeout'";

    @Inject
    IdempotencyConfig config;
    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    RedisCalls redisCalls;
    @Inject
    MeterRegistry registry;

    /** SHA-256 (hex) of a canonical form of the request, e.g. its validated body as JSON. */
    public static String fingerprint(String canonicalRequest) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code work} at most once per {@code (scope, caller, key)}: a key is its caller's own (the
     * token's subject), so two callers may use the same key independently and neither can replay,
     * block or probe the other's. {@code work} runs inside the
     * transaction that claims the key: it must use the current Panache session and must not open
     * its own transaction. Without a key, {@code work} simply runs in a transaction.
     */
    public Uni<Response> execute(String scope, String caller, String key, String fingerprint, Supplier<Uni<StoredResponse>> work) {
        if (key == null) {
            return Panache.withTransaction(work).map(r -> r.toResponse(false));
        }
        if (!wellFormed(key)) {
            return Uni.createFrom().failure(ProblemException.field(Response.Status.BAD_REQUEST, HEADER,
                    "must be 1 to " + MAX_KEY_LENGTH + " printable characters"));
        }
        return cached(scope, caller, key).flatMap(hit -> hit != null ? replay(scope, hit, fingerprint)
                : Panache.withTransaction(() -> claimOrReplay(scope, caller, key, fingerprint, work))
                        .call(outcome -> outcome.replayed() ? Uni.createFrom().voidItem() : cache(scope, caller, key, outcome.entry()))
                        .map(outcome -> {
                            if (outcome.replayed()) {
                                count(scope, "replayed");
                            }
                            return outcome.entry().response().toResponse(outcome.replayed());
                        }));
    }

    /**
     * {@link #execute} for work that calls a third party, with a recovery point (Stripe's shape): no
     * connection or lock is held while the third party thinks.
     * <ol>
     * <li>{@code intent} runs in the transaction that claims the key, which commits WITHOUT an answer:
     * it records what is about to be done (e.g. a PENDING row and a leased pending step that will
     * finish the work should this request die);</li>
     * <li>{@code finish} runs after that commit, outside any transaction: the call, then its own
     * transaction that records the outcome and {@link #answer}s the key.</li>
     * </ol>
     * Until the key is answered the same key gets 409 + Retry-After (it is "in flight"); then the
     * stored answer. A failed {@code finish} answers nothing: the recorded intent is the caller's to
     * finish later (its pending step), and the key keeps answering 409 until then.
     */
    public Uni<Response> executeInSteps(String scope, String caller, String key, String fingerprint, Supplier<Uni<Void>> intent,
            Supplier<Uni<StoredResponse>> finish) {
        if (key == null || !wellFormed(key)) {
            return Uni.createFrom().failure(ProblemException.field(Response.Status.BAD_REQUEST, HEADER,
                    "must be 1 to " + MAX_KEY_LENGTH + " printable characters"));
        }
        return cached(scope, caller, key).flatMap(hit -> hit != null ? replay(scope, hit, fingerprint)
                : Panache.withTransaction(() -> claimOrReplay(scope, caller, key, fingerprint,
                        () -> intent.get().replaceWith((StoredResponse) null)))
                        .flatMap(outcome -> {
                            if (outcome.replayed()) {
                                count(scope, "replayed");
                                return Uni.createFrom().item(outcome.entry().response().toResponse(true));
                            }
                            return finish.get().call(r -> cache(scope, caller, key, new Entry(fingerprint, r)))
                                    .map(r -> r.toResponse(false));
                        }));
    }

    /**
     * Stores the answer of a key claimed by {@link #executeInSteps}, in the current transaction (the
     * one that records the outcome). Storing the same answer twice is harmless.
     */
    public Uni<Void> answer(String scope, String caller, String key, StoredResponse response) {
        return store(scope, caller, key, response);
    }

    /** 1 to 255 characters, not all blank, no control character (PostgreSQL refuses U+0000 in text). */
    static boolean wellFormed(String key) {
        return !key.isBlank() && key.length() <= MAX_KEY_LENGTH
                && !dev.checkoutsaga.web.StrictJson.hasControlCharacter(key);
    }

    // ---- writes deferred while PostgreSQL is down: Redis holds the key until the write is done ----

    /**
     * For a write accepted while PostgreSQL is down (and performed later): reserves the key in Redis
     * with the answer about to be given, atomically ({@code SET NX}). A null item means reserved: give
     * {@code answer}. Otherwise the item is the answer to give instead (a replay of the key's first
     * answer), or the Uni fails with 422 when the key was used with another request. When Redis cannot
     * answer either, it fails with {@link KeyStoreUnavailableException}: nothing can guarantee the key's
     * uniqueness then, and the caller must refuse the request rather than risk a second write.
     */
    public Uni<Response> reserveForDeferredWrite(String scope, String caller, String key, String fingerprint, StoredResponse answer) {
        if (!wellFormed(key)) {
            return Uni.createFrom().failure(ProblemException.field(Response.Status.BAD_REQUEST, HEADER,
                    "must be 1 to " + MAX_KEY_LENGTH + " printable characters"));
        }
        String redisKey = redisKey(scope, caller, key);
        return redisCalls.call(config.redisTimeout(), () -> redis.execute("SET", redisKey,
                        toJson(cacheForm(new Entry(fingerprint, answer))), "NX", "PX", String.valueOf(config.ttl().toMillis())))
                .onFailure().transform(KeyStoreUnavailableException::new)
                .flatMap(set -> set != null ? Uni.createFrom().nullItem()
                        : cached(scope, caller, key).flatMap(hit -> hit == null
                                ? Uni.createFrom().failure(new KeyStoreUnavailableException(null))
                                : replay(scope, hit, fingerprint)));
    }

    /** Undoes {@link #reserveForDeferredWrite} when the deferred write could not be handed over after all. */
    public Uni<Void> releaseDeferredReservation(String scope, String caller, String key) {
        return redisCalls.call(config.redisTimeout(), () -> redis.key(String.class).del(redisKey(scope, caller, key)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * The deferred write, performed: records the key with the answer that was given, in the current
     * transaction (like {@link #execute}). False when the key is already recorded, i.e. it produced its
     * write already: the caller must then not write again.
     */
    public Uni<Boolean> recordDeferredWrite(String scope, String caller, String key, String fingerprint, StoredResponse answer) {
        Instant expires = Instant.now().plus(config.ttl());
        return session(s -> s.createNativeQuery(CLAIM, String.class).setParameter(1, scope).setParameter(2, caller)
                .setParameter(3, key).setParameter(4, fingerprint).setParameter(5, expires).getResultList())
                .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(false)
                        : store(scope, caller, key, answer).replaceWith(true));
    }

    /** Redis did not answer while it was the only place that could hold an Idempotency-Key. */
    public static class KeyStoreUnavailableException extends RuntimeException {
        KeyStoreUnavailableException(Throwable cause) {
            super("no store for Idempotency-Key is available", cause);
        }
    }

    private record Entry(String fingerprint, StoredResponse response) {
    }

    private record Outcome(Entry entry, boolean replayed) {
    }

    private Uni<Outcome> claimOrReplay(String scope, String caller, String key, String fingerprint, Supplier<Uni<StoredResponse>> work) {
        Instant expires = Instant.now().plus(config.ttl());
        // Only the claim waits at most in-flight-wait (behind a concurrent request with the same key:
        // 409); the request's own work afterwards runs with the normal lock timeout, so a lock it
        // waits for elsewhere is never mistaken for "this key is in flight".
        return session(s -> s.createNativeQuery(SET_LOCK_TIMEOUT, String.class)
                .setParameter(1, config.inFlightWait().toMillis() + "ms").getSingleResult())
                .chain(() -> session(s -> s.createNativeQuery(DROP_EXPIRED, String.class).setParameter(1, scope)
                        .setParameter(2, caller).setParameter(3, key).getResultList()))
                .chain(() -> session(s -> s.createNativeQuery(CLAIM, String.class).setParameter(1, scope)
                        .setParameter(2, caller).setParameter(3, key).setParameter(4, fingerprint).setParameter(5, expires)
                        .getResultList()))
                .onFailure(IdempotentRequests::isLockTimeout).transform(e -> inFlight())
                .call(() -> session(s -> s.createNativeQuery(RESET_LOCK_TIMEOUT, String.class).getSingleResult()))
                .flatMap(claimed -> {
                    if (!claimed.isEmpty()) {
                        // a null answer: claimed with a recovery point (executeInSteps), answered later
                        return work.get().flatMap(response -> response == null
                                ? Uni.createFrom().item(new Outcome(new Entry(fingerprint, null), false))
                                : store(scope, caller, key, response)
                                        .replaceWith(new Outcome(new Entry(fingerprint, response), false)));
                    }
                    return stored(scope, caller, key).map(entry -> {
                        if (entry == null) {
                            throw inFlight(); // claimed by a transaction that has not committed yet
                        }
                        if (!entry.fingerprint().equals(fingerprint)) {
                            throw mismatch(scope); // known as soon as the claim committed, answered or not
                        }
                        if (entry.response() == null) {
                            throw inFlight(); // claimed with a recovery point, not answered yet
                        }
                        return new Outcome(entry, true);
                    });
                });
    }

    private Uni<Void> store(String scope, String caller, String key, StoredResponse r) {
        return session(s -> s.createNativeQuery(STORE, String.class).setParameter(1, scope).setParameter(2, caller)
                .setParameter(3, key).setParameter(4, r.status()).setParameter(5, toJson(r.headers())).setParameter(6, r.body())
                .getResultList()).replaceWithVoid();
    }

    private Uni<Entry> stored(String scope, String caller, String key) {
        return session(s -> s.createNativeQuery(STORED, Object[].class).setParameter(1, scope).setParameter(2, caller)
                .setParameter(3, key)
                .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] r = rows.get(0);
                    StoredResponse response = r[1] == null ? null
                            : new StoredResponse(((Number) r[1]).intValue(), headersOf((String) r[2]), (String) r[3]);
                    return new Entry((String) r[0], response);
                });
    }

    private Uni<Response> replay(String scope, Entry hit, String fingerprint) {
        if (!hit.fingerprint().equals(fingerprint)) {
            return Uni.createFrom().failure(mismatch(scope));
        }
        count(scope, "replayed");
        return Uni.createFrom().item(hit.response().toResponse(true));
    }

    // ---- Redis: a cache of finished answers; any trouble means "not cached" ----

    /** Keys are client-chosen text: hashed, so any character is safe in a Redis key. */
    private static String redisKey(String scope, String caller, String key) {
        return "idem:" + scope + ":" + fingerprint(caller + "\n" + key);
    }

    private Uni<Entry> cached(String scope, String caller, String key) {
        return redisCalls.call(config.redisTimeout(), () -> redis.value(String.class).get(redisKey(scope, caller, key)))
                .map(json -> json == null ? null : fromJson(json))
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("idempotency cache unavailable, PostgreSQL answers: %s", e.toString());
                    return null;
                });
    }

    private static Map<String, Object> cacheForm(Entry entry) {
        return Map.of("fingerprint", entry.fingerprint(), "status", entry.response().status(), "headers",
                entry.response().headers(), "body", entry.response().body() == null ? "" : entry.response().body());
    }

    private Uni<Void> cache(String scope, String caller, String key, Entry entry) {
        return redisCalls.call(config.redisTimeout(), () -> redis.value(String.class).set(redisKey(scope, caller, key),
                        toJson(cacheForm(entry)), new SetArgs().px(config.ttl())))
                .onFailure().recoverWithNull();
    }

    private static Entry fromJson(String json) {
        try {
            Map<String, Object> m = JSON.readValue(json, new TypeReference<>() {
            });
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) m.get("headers");
            return new Entry((String) m.get("fingerprint"),
                    new StoredResponse(((Number) m.get("status")).intValue(), headers, (String) m.get("body")));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headersOf(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    // ---- answers ----

    private ProblemException inFlight() {
        return new ProblemException(Problem.of(Response.Status.CONFLICT,
                "a request with this Idempotency-Key is still being processed; retry later",
                List.of(new Problem.FieldError(HEADER, "in use by a request in flight"))), Map.of("Retry-After", "1"));
    }

    private ProblemException mismatch(String scope) {
        count(scope, "mismatch");
        return ProblemException.unprocessable(HEADER, "was used with a different request body");
    }

    private static boolean isLockTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            // 55P03 lock_not_available: the lock_timeout set above ran out behind a concurrent claim
            if (c instanceof PgException pg && "55P03".equals(pg.getSqlState())
                    || c instanceof java.sql.SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private void count(String scope, String outcome) {
        Counter.builder("saga.idempotency.requests").tag("scope", scope).tag("outcome", outcome).register(registry)
                .increment();
    }

    private static <T> Uni<T> session(java.util.function.Function<org.hibernate.reactive.mutiny.Mutiny.Session, Uni<T>> f) {
        return Panache.getSession().flatMap(s -> f.apply(s));
    }

}
