package dev.checkoutsaga.web;

import java.time.Duration;
import java.util.OptionalLong;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

/**
 * The time a caller still gives a request: header {@value #HEADER}, the milliseconds left of the
 * caller's own budget when it sent the request (relative, so the two clocks need not agree). The
 * caller cancels its call when its budget runs out; the callee honours it too, so that it never
 * works for an answer nobody waits for: a spent budget is refused before any work, and the work is
 * bounded by what is left ({@link #bound}). Without the header nothing changes.
 */
public final class RequestBudget {
    public static final String HEADER = "X-Request-Budget-Ms";
    /** Largest budget taken at its word (10 min): a broken or hostile header cannot hold a request longer. */
    static final long MAX_MS = 600_000;

    private RequestBudget() {
    }

    /** The budget in the header; empty without one; a 400 problem naming the header when malformed. */
    public static OptionalLong parse(String header) {
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long ms = Long.parseLong(header.trim());
            if (ms >= 0) {
                return OptionalLong.of(Math.min(ms, MAX_MS));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ProblemException.field(Response.Status.BAD_REQUEST, HEADER, "must be a whole number of milliseconds, 0 or more");
    }

    /**
     * {@code work} bounded by the caller's budget: a spent budget fails at once (the work is never
     * subscribed), and past the budget the work is cancelled and the Uni fails; both with a 503
     * problem that says so.
     */
    public static <T> Uni<T> bound(String header, Uni<T> work) {
        OptionalLong budget = parse(header);
        if (budget.isEmpty()) {
            return work;
        }
        long ms = budget.getAsLong();
        if (ms == 0) {
            return Uni.createFrom().failure(() -> unavailable("the caller's budget was spent before this request started; nothing was done"));
        }
        return work.ifNoItem().after(Duration.ofMillis(ms))
                .failWith(() -> unavailable("no answer within the caller's budget of " + ms + " ms"));
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(Response.Status.SERVICE_UNAVAILABLE, detail);
    }
}
