package dev.checkoutsaga.sandbox.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;

/**
 * The faults of one endpoint (body of {@code PUT /v1/admin/faults/{endpoint}}; a missing field is
 * "healthy" for that aspect).
 * <ul>
 * <li>{@code latencyMs} + a random extra of up to {@code latencyJitterMs}: added before anything else;</li>
 * <li>{@code errorRate} (0..1): share of requests answered {@code errorStatus} without reaching the
 * endpoint: 500, 502, 503 (an outage), 429 (with {@code Retry-After: retryAfterSeconds}), or 400,
 * 404, 422 (a refusal that resending cannot change, e.g. a refund the provider will never make);</li>
 * <li>{@code mode} ({@code none}, {@code hang}, {@code reset}, {@code charge-then-drop}) applied to a
 * share {@code modeRate} (0..1, default 1) of the requests: {@code hang} holds the request without an
 * answer (until {@code sandbox.faults.hang-max}, then the connection is closed), {@code reset}
 * closes the connection without an answer, {@code charge-then-drop} (charges only) performs the
 * charge (ledger, idempotency key) and then closes the connection so the caller never hears;</li>
 * <li>{@code times}: the error or mode hits only the next {@code times} requests (then the endpoint
 * is healthy again, latency stays); missing = every request.</li>
 * </ul>
 */
public record FaultSettings(Long latencyMs, Long latencyJitterMs, Double errorRate, Integer errorStatus,
        Integer retryAfterSeconds, String mode, Double modeRate, Long times) {

    public static final Set<Integer> ERROR_STATUSES = Set.of(500, 502, 503, 429, 400, 404, 422);

    /** What a request to a faulted endpoint meets, besides latency. */
    public enum Mode {
        NONE, HANG, RESET, CHARGE_THEN_DROP;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Mode of(String id) {
            if (id == null || id.isEmpty()) {
                return NONE;
            }
            for (Mode m : values()) {
                if (m.id().equals(id)) {
                    return m;
                }
            }
            return null;
        }
    }

    public static FaultSettings healthy() {
        return new FaultSettings(0L, 0L, 0.0, 503, 1, Mode.NONE.id(), 1.0, null);
    }

    /** Missing fields filled in as healthy; every field checked (400 naming the field). */
    public FaultSettings validated(FaultEndpoint endpoint) {
        List<Problem.FieldError> errors = new ArrayList<>();
        long latency = latencyMs == null ? 0 : latencyMs;
        long jitter = latencyJitterMs == null ? 0 : latencyJitterMs;
        double rate = errorRate == null ? 0 : errorRate;
        int status = errorStatus == null ? 503 : errorStatus;
        int retryAfter = retryAfterSeconds == null ? 1 : retryAfterSeconds;
        double share = modeRate == null ? 1 : modeRate;
        Mode m = Mode.of(mode);
        if (latency < 0 || latency > 600_000) {
            errors.add(new Problem.FieldError("latencyMs", "must be 0..600000"));
        }
        if (jitter < 0 || jitter > 600_000) {
            errors.add(new Problem.FieldError("latencyJitterMs", "must be 0..600000"));
        }
        if (!(rate >= 0 && rate <= 1)) {
            errors.add(new Problem.FieldError("errorRate", "must be 0..1"));
        }
        if (!ERROR_STATUSES.contains(status)) {
            errors.add(new Problem.FieldError("errorStatus", "must be one of 500, 502, 503, 429, 400, 404, 422"));
        }
        if (retryAfter < 0 || retryAfter > 86_400) {
            errors.add(new Problem.FieldError("retryAfterSeconds", "must be 0..86400"));
        }
        if (!(share >= 0 && share <= 1)) {
            errors.add(new Problem.FieldError("modeRate", "must be 0..1"));
        }
        if (m == null) {
            errors.add(new Problem.FieldError("mode", "must be one of none, hang, reset, charge-then-drop"));
        } else if (m == Mode.CHARGE_THEN_DROP && endpoint != FaultEndpoint.CHARGES) {
            errors.add(new Problem.FieldError("mode", "charge-then-drop applies to charges only"));
        }
        if (times != null && times < 0) {
            errors.add(new Problem.FieldError("times", "must be 0 or more"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(jakarta.ws.rs.core.Response.Status.BAD_REQUEST,
                    "invalid fault settings for " + endpoint.id(), errors);
        }
        return new FaultSettings(latency, jitter, rate, status, retryAfter, m.id(), share, times);
    }

    public Mode modeValue() {
        Mode m = Mode.of(mode);
        return m == null ? Mode.NONE : m;
    }
}
