package dev.checkoutsaga.outbox;

import jakarta.enterprise.context.ApplicationScoped;

/** Outbox rows written by committed transactions and not yet published to Kafka. */
@ApplicationScoped
public class OutboxBacklog implements WorkInProgress {

    @Override
    public String name() {
        return "outbox.unpublished";
    }

    @Override
    public String countQuery() {
        return "select count(*) from outbox_event where published_at is null";
    }
}
