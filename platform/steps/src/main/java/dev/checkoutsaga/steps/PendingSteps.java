package dev.checkoutsaga.steps;

import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Registers and completes pending steps. Both calls join the caller's reactive transaction: a step
 * exists if and only if the decision that needs it committed, and disappears with the commit that
 * records its outcome.
 */
@ApplicationScoped
public class PendingSteps {
    /** The channel a registering transaction notifies: PostgreSQL delivers it on commit, to every replica. */
    public static final String CHANNEL = "pending_step";

    // "returning" keeps these row-returning queries (no Hibernate bulk-update bookkeeping)
    private static final String SCHEDULE = "insert into pending_step (id, order_id, kind) values (?1, ?2, ?3) "
            + "on conflict (order_id, kind) do nothing returning id";
    // NOTIFY is transactional: the workers wake when (and only if) the caller's transaction commits
    static final String NOTIFY = "select 1 from pg_notify('" + CHANNEL + "', '')";
    private static final String COMPLETE = "delete from pending_step where id = ?1 returning id";

    /**
     * Schedules {@code kind} for the order unless one is already pending; true when scheduled now.
     * The step runs as soon as the caller's transaction commits (see {@link StepWorker}).
     */
    public Uni<Boolean> schedule(UUID orderId, String kind) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(SCHEDULE, UUID.class)
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, orderId)
                .setParameter(3, kind)
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
}
