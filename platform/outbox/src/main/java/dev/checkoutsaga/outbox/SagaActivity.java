package dev.checkoutsaga.outbox;

import java.util.Map;

/**
 * What a service still has to do for the saga, as {@code GET /saga/activity} answers it.
 *
 * @param service       the service ({@code quarkus.application.name})
 * @param work          {@link WorkInProgress} lines, e.g. {@code outbox.unpublished}, {@code steps.pending}
 * @param consumerLag   per consumer group, the events on its topics it has not committed yet
 * @param deadLetters   events in the service's dead-letter topics (all time, as far as retention keeps them)
 */
public record SagaActivity(String service, Map<String, Long> work, Map<String, Long> consumerLag, long deadLetters) {

    /** Nothing in progress and nothing unread: the service's saga state cannot change by itself. */
    public boolean quiet() {
        return work.values().stream().allMatch(n -> n == 0) && consumerLag.values().stream().allMatch(n -> n == 0);
    }
}
