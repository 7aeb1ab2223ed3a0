package dev.checkoutsaga.order.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.order.persistence.OrderTransactions;
import dev.checkoutsaga.outbox.IncomingEvent;
import dev.checkoutsaga.outbox.SagaInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every participant event (topics checkout.inventory, checkout.payments, checkout.shipping) goes
 * through the inbox (once per event id, in one transaction) to the order's state machine.
 */
@ApplicationScoped
public class SagaEventConsumer {
    static final String CONSUMER_GROUP = "order-service";

    @Inject
    SagaInbox inbox;
    @Inject
    OrderTransactions transactions;

    @Incoming("saga-events")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        return inbox.handle(CONSUMER_GROUP, record, this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        return switch (event.data()) {
            // our own events are never subscribed to; ignore them should one be routed here
            case SagaEvent.OrderPlaced e -> Uni.createFrom().voidItem();
            case SagaEvent.OrderCancellationRequested e -> Uni.createFrom().voidItem();
            case SagaEvent.OrderCompleted e -> Uni.createFrom().voidItem();
            case SagaEvent.OrderCancelled e -> Uni.createFrom().voidItem();
            default -> transactions.onParticipantEvent(event, serviceOf(event));
        };
    }

    /** The participant that emits on the event's topic (stable, unlike the ce_source of test publishers). */
    static String serviceOf(IncomingEvent event) {
        return switch (event.type().topic()) {
            case Topics.INVENTORY -> "inventory-service";
            case Topics.PAYMENTS -> "payment-service";
            case Topics.SHIPPING -> "shipping-service";
            default -> "order-service";
        };
    }
}
