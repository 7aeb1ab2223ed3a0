package dev.checkoutsaga.steps;

import java.util.UUID;

import io.opentelemetry.context.Context;

/**
 * One claimed step. {@code attempts} counts this attempt too (1 on the first run), so a handler
 * knows whether an earlier attempt may already have reached the third party. {@code trace} holds
 * the span of this run ({@link StepWorker} starts it under the context the step was registered in):
 * the handler emits its events in it, and its outbound calls, made while it is current, join it.
 */
public record PendingStep(UUID id, UUID orderId, String kind, int attempts, Context trace) {

    public boolean isRetry() {
        return attempts > 1;
    }
}
