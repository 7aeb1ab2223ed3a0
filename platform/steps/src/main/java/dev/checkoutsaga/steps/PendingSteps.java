package dev.checkoutsaga.steps;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.checkoutsaga.outbox.TraceContexts;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Registers and completes pending steps. Both calls join the caller's reactive transaction: a step
 * exists if and only if the decision that needs it committed, and disappears with the commit that
 * records its outcome. A step keeps the trace context it was registered in, so that its runs (on
 * the worker, maybe on another replica, maybe after a restart) join the trace of what caused it.
 */
@ApplicationScoped
public class PendingSteps {
    /** The channel a registering transaction notifies: PostgreSQL delivers it on commit, to every replica. */
    public static final String CHANNEL = "pending_step";

    // "returning" keeps these row-returning queries (no Hibernate bulk-update bookkeeping)
    private static final String SCHEDULE = "insert into pending_step (id, order_id, kind, trace_parent, trace_state) values (?1, ?2, ?3, ?4, ?5) "
            + "on conflict (order_id, kind) do nothing returning id";
    // NOTIFY is transactional: the workers wake when (and only if) the caller's transaction commits
    static final String NOTIFY = "select 1 from pg_notify('" + CHANNEL + "', '')";
    // the step of a request that runs its first attempt itself: claimed by that request for one lease
    private static final String SCHEDULE_LEASED = "insert into pending_step (id, order_id, kind, trace_parent, trace_state, attempts, next_attempt_at) "
            + "values (?1, ?2, ?3, ?4, ?5, 1, now() + make_interval(secs => ?6)) on conflict (order_id, kind) do nothing returning id";
    /** A failed run: due again after a delay, parked (see V2_1__pending_step_parked.sql). */
    static final String RESCHEDULE = "update pending_step set next_attempt_at = now() + make_interval(secs => ?1), "
            + "last_error = ?2, parked = true where id = ?3 returning id";
    private static final String COMPLETE = "delete from pending_step where id = ?1 returning id";

    /**
     * Schedules {@code kind} for the order unless one is already pending; true when scheduled now.
     * The step runs as soon as the caller's transaction commits (see {@link StepWorker}), each run in
     * a span under {@code trace} (the consumed event's {@code traceContext()}, a step's
     * {@link PendingStep#trace()}, or {@link Context#current()} in a request).
     */
    public Uni<Boolean> schedule(UUID orderId, String kind, Context trace) {
        Map<String, String> context = TraceContexts.capture(trace);
        return Panache.getSession().flatMap(s -> s.createNativeQuery(SCHEDULE, UUID.class)
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, orderId)
                .setParameter(3, kind)
                .setParameter(4, context.get(TraceContexts.TRACEPARENT))
                .setParameter(5, context.get(TraceContexts.TRACESTATE))
                .getResultList()
                .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().item(false)
                        : s.createNativeQuery(NOTIFY, Integer.class).getSingleResult().replaceWith(true)));
    }

    /** Removes the step; call it in the transaction that records the step's outcome. */
    public Uni<Void> complete(PendingStep step) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(COMPLETE, UUID.class)
                .setParameter(1, step.id())
                .getResultList())
                .replaceWithVoid();
    }

    /**
     * Schedules {@code kind} for the order as already claimed by the caller for {@code lease}: the
     * caller runs the first attempt itself (e.g. in the request that needs the answer), and the worker
     * only takes it over when the lease ends without {@link #complete}. Null when one is already pending.
     * The caller's run is traced by the caller ({@code trace} is the returned step's); the worker's runs
     * start spans under it.
     */
    public Uni<PendingStep> scheduleLeased(UUID orderId, String kind, Duration lease, Context trace) {
        UUID id = UUID.randomUUID();
        Map<String, String> context = TraceContexts.capture(trace);
        return Panache.getSession().flatMap(s -> s.createNativeQuery(SCHEDULE_LEASED, UUID.class)
                .setParameter(1, id)
                .setParameter(2, orderId)
                .setParameter(3, kind)
                .setParameter(4, context.get(TraceContexts.TRACEPARENT))
                .setParameter(5, context.get(TraceContexts.TRACESTATE))
                .setParameter(6, lease.toMillis() / 1000.0)
                .getResultList()
                // the notification makes every worker arm its timer for the lease's end
                .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().nullItem()
                        : s.createNativeQuery(NOTIFY, Integer.class).getSingleResult()
                                .replaceWith(new PendingStep(id, orderId, kind, 1, trace))));
    }

    /**
     * A run of the caller's own (see {@link #scheduleLeased}) failed: the step is due again after
     * {@code delay}, for the worker. Joins the caller's transaction.
     */
    public Uni<Void> retryLater(PendingStep step, Duration delay, String error) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(RESCHEDULE, UUID.class)
                .setParameter(1, delay.toMillis() / 1000.0)
                .setParameter(2, error == null ? null : error.substring(0, Math.min(error.length(), 1000)))
                .setParameter(3, step.id())
                .getResultList()
                .chain(() -> s.createNativeQuery(NOTIFY, Integer.class).getSingleResult()))
                .replaceWithVoid();
    }
}
