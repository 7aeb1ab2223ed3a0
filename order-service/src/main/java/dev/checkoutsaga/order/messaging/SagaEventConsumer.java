package dev.checkoutsaga.order.messaging;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.order.service.OrderSnapshots;
import dev.checkoutsaga.order.service.OrderView;
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
    /** The events the saga map routes to order-service: every participant event moves the order's saga. */
    static final Set<EventType> HANDLED = SagaMap.handledBy(SagaMap.ORDER);

    @Inject
    SagaInbox inbox;
    @Inject
    OrderTransactions transactions;
    @Inject
    OrderSnapshots snapshots;

    @Incoming("saga-events")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        // The order as the event left it, read in the handler's transaction (the row is already in
        // its session) and copied to Redis after the commit, for GET while the database is down.
        // A duplicate or an event that changed nothing leaves the copy alone.
        AtomicReference<OrderView> changed = new AtomicReference<>();
        OrderTransactions.AfterCommit counted = new OrderTransactions.AfterCommit();
        return inbox.handle(CONSUMER_GROUP, HANDLED, record, event -> {
            changed.set(null); // the inbox may retry the whole transaction
            counted.clear();
            return apply(event, changed, counted);
        })
                .invoke(counted::run) // after the commit only, as in every service
                .call(() -> changed.get() == null ? Uni.createFrom().voidItem() : snapshots.remember(changed.get()));
    }

    Uni<Void> apply(IncomingEvent event, AtomicReference<OrderView> changed, OrderTransactions.AfterCommit counted) {
        return switch (event.data()) {
            // our own events are never subscribed to; ignore them should one be routed here
            case SagaEvent.OrderPlaced e -> Uni.createFrom().voidItem();
            case SagaEvent.OrderCancellationRequested e -> Uni.createFrom().voidItem();
            case SagaEvent.OrderCompleted e -> Uni.createFrom().voidItem();
            case SagaEvent.OrderCancelled e -> Uni.createFrom().voidItem();
            default -> transactions.onParticipantEvent(event, serviceOf(event), counted)
                    .call(applied -> applied ? snapshots.load(event.orderId()).invoke(changed::set)
                            : Uni.createFrom().voidItem())
                    .replaceWithVoid();
        };
    }

    /** The participant that publishes the event's type, by the saga map (not the ce_source a test publisher sets). */
    static String serviceOf(IncomingEvent event) {
        return SagaMap.of(event.type()).producer();
    }
}
