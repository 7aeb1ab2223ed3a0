package dev.checkoutsaga.sandbox.idempotency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.sandbox.SandboxMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one idempotency implementation behind every POST of the sandbox. A handler returns a
 * {@link Reply} or throws a {@link ProblemException}; this renders it to bytes ONCE, stores it under
 * the key and hands out those same bytes to the first caller and to every replay.
 * <p>
 * What is stored: every answer the handler produced, business failures included (402 decline,
 * 404 unknown charge, 409 refund refused, 422 undeliverable). What is not: 400s (a corrected retry
 * with the same key executes), unexpected errors, and anything a request filter answers before the
 * handler runs (the fault controls to come), since none of those reach {@link #execute}.
 */
@ApplicationScoped
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    public static final int MAX_KEY_LENGTH = 255;

    @Inject
    IdempotencyConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    SandboxMetrics metrics;
    @Inject
    MeterRegistry registry;

    private IdempotencyStore store;

    @PostConstruct
    void init() {
        store = new IdempotencyStore(Clock.systemUTC(), config.ttl(), config.waitTimeout());
        Gauge.builder("sandbox.idempotency.waiting", store, IdempotencyStore::waiting)
                .description("requests waiting for a first request with the same Idempotency-Key to finish")
                .register(registry);
        Gauge.builder("sandbox.idempotency.keys", store, IdempotencyStore::size)
                .description("Idempotency-Keys held (in flight or stored)")
                .register(registry);
    }

    /**
     * A POST whose {@code Idempotency-Key} is required.
     *
     * @param endpoint the endpoint's name for metrics, e.g. {@code POST /v1/charges}
     * @param scope the request path: a key is scoped per path
     * @param body the validated request body (its canonical JSON is the fingerprint); null if none
     */
    public Response execute(String endpoint, String scope, String key, Object body, Supplier<Reply> handler) {
        if (key == null || key.isEmpty()) {
            throw ProblemException.field(Response.Status.BAD_REQUEST, HEADER, "header is required");
        }
        return executeOptional(endpoint, scope, key, body, handler);
    }

    /** A POST where the key is optional (naturally idempotent operations): without one it just runs. */
    public Response executeOptional(String endpoint, String scope, String key, Object body, Supplier<Reply> handler) {
        if (key == null) {
            return toResponse(render(handler), false);
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.field(Response.Status.BAD_REQUEST, HEADER,
                    "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        IdempotencyStore.Result result = store.execute(scope, key, fingerprint(body), () -> render(handler));
        if (result.replayed()) {
            metrics.replay(endpoint);
        }
        return toResponse(result.reply(), result.replayed());
    }

    /** Requests currently waiting for a first request with the same key (see {@link IdempotencyStore}). */
    public int waiting() {
        return store.waiting();
    }

    /** Forgets every key (admin reset). */
    public void clear() {
        store.clear();
    }

    private StoredReply render(Supplier<Reply> handler) {
        try {
            Reply reply = handler.get();
            return new StoredReply(reply.status(), MediaType.APPLICATION_JSON, json(reply.body()));
        } catch (ProblemException e) {
            if (e.problem().status() == 400) {
                throw e; // a malformed request is not an outcome: not stored
            }
            return new StoredReply(e.problem().status(), Problem.MEDIA_TYPE, json(e.problem()));
        }
    }

    private static Response toResponse(StoredReply reply, boolean replayed) {
        Response.ResponseBuilder b = Response.status(reply.status()).type(reply.contentType()).entity(reply.body());
        if (replayed) {
            b.header(REPLAYED_HEADER, "true");
        }
        return b.build();
    }

    private String fingerprint(Object body) {
        if (body == null) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json(body)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }

    /** The store behind this facade (for saving and restoring its keys). */
    public IdempotencyStore store() {
        return store;
    }
}
