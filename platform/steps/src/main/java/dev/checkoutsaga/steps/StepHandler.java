package dev.checkoutsaga.steps;

import io.smallrye.mutiny.Uni;

/**
 * Runs the steps of one kind (a CDI bean per kind). {@link #run} makes the outbound call outside
 * any transaction, then records the outcome, its events and {@link PendingSteps#complete} in ONE
 * transaction. A failed Uni means "try again later": the worker reschedules the step with
 * exponential backoff. Only a business answer (declined, undeliverable) is an outcome; an
 * unreachable dependency is a failure to retry, never a decline.
 *
 * <p>Because a step can run again after a crash between the call and the commit, every call must
 * carry an idempotency key derived from the step's durable identity.
 */
public interface StepHandler {

    String kind();

    Uni<Void> run(PendingStep step);
}
