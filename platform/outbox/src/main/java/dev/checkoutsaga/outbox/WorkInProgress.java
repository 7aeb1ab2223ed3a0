package dev.checkoutsaga.outbox;

/**
 * Saga work a service has accepted but not finished, counted in its own database: rows the outbox
 * relay has not published, steps the step worker has not done. A bean of this type is one line of
 * {@code GET /saga/activity}; the audit judges only when every line is 0.
 */
public interface WorkInProgress {

    /** The line's name in {@link SagaActivity#work()}, e.g. {@code outbox.unpublished}. */
    String name();

    /** A query answering one row with one number: how much of it there is now. */
    String countQuery();

    /** Whether this service has such work at all (a line it does not have is left out, not read). */
    default boolean present() {
        return true;
    }
}
