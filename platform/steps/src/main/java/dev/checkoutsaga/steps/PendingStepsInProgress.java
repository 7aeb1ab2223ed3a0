package dev.checkoutsaga.steps;

import dev.checkoutsaga.outbox.WorkInProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Steps decided and not yet done (running, waiting for a retry, or parked): a line of {@code GET /saga/activity}. */
@ApplicationScoped
public class PendingStepsInProgress implements WorkInProgress {

    @Inject
    Instance<StepHandler> handlers;

    @Override
    public String name() {
        return "steps.pending";
    }

    @Override
    public String countQuery() {
        return "select count(*) from pending_step";
    }

    /** Only a service with step handlers has pending steps (and the table); one that only applies decisions has none. */
    @Override
    public boolean present() {
        return handlers.iterator().hasNext();
    }
}
