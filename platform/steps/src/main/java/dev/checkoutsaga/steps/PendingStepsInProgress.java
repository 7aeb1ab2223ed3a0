package dev.checkoutsaga.steps;

import dev.checkoutsaga.outbox.WorkInProgress;
import jakarta.enterprise.context.ApplicationScoped;

/** Steps decided and not yet done (running, waiting for a retry, or parked): a line of {@code GET /saga/activity}. */
@ApplicationScoped
public class PendingStepsInProgress implements WorkInProgress {

    @Override
    public String name() {
        return "steps.pending";
    }

    @Override
    public String countQuery() {
        return "select count(*) from pending_step";
    }
}
