package dev.checkoutsaga.steps;

import java.util.UUID;

/**
 * One claimed step. {@code attempts} counts this attempt too (1 on the first run), so a handler
 * knows whether an earlier attempt may already have reached the third party.
 */
public record PendingStep(UUID id, UUID orderId, String kind, int attempts) {

    public boolean isRetry() {
        return attempts > 1;
    }
}
