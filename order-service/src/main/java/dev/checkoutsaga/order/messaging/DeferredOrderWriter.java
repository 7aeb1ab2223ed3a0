package dev.checkoutsaga.order.messaging;

import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent.OrderPlacementDeferred;
import dev.checkoutsaga.idempotency.IdempotentRequests;
import dev.checkoutsaga.order.api.DeferredOrders;
import dev.checkoutsaga.order.api.OrderSnapshots;
import dev.checkoutsaga.order.domain.NewOrder;
import dev.checkoutsaga.order.persistence.OrderStore;
import dev.checkoutsaga.order.persistence.OrderTransactions;
import dev.checkoutsaga.outbox.IncomingEvent;
import dev.checkoutsaga.outbox.SagaInbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes the orders accepted while the database was down (topic checkout.orders.deferred, see
 * {@link DeferredOrders}). Through the inbox: while the database is still down the handler fails
 * transiently and is retried until it is back; once written, a redelivery is skipped. The write is
 * idempotent on its own as well: an order that exists already (the first attempt's transaction
 * committed after all, only too late) or a key that already placed an order is not written again.
 */
@ApplicationScoped
public class DeferredOrderWriter {
    private static final Logger LOG = Logger.getLogger(DeferredOrderWriter.class);
    static final String CONSUMER_GROUP = "order-service-deferred";

    @Inject
    SagaInbox inbox;
    @Inject
    OrderTransactions transactions;
    @Inject
    OrderStore store;
    @Inject
    IdempotentRequests idempotency;
    @Inject
    OrderSnapshots snapshots;
    @Inject
    ObjectMapper json;
    @Inject
    DeferredOrders deferredOrders;

    @Incoming("deferred-orders")
    public Uni<Void> onDeferred(ConsumerRecord<String, byte[]> record) {
        return inbox.handle(CONSUMER_GROUP, Set.of(EventType.ORDER_PLACEMENT_DEFERRED), record, this::apply)
                .call(() -> snapshots.refresh(java.util.UUID.fromString(record.key())));
    }

    Uni<Void> apply(IncomingEvent event) {
        if (!(event.data() instanceof OrderPlacementDeferred deferred)) {
            return Uni.createFrom().voidItem();
        }
        NewOrder order = deferredOrders.order(deferred);
        return store.findById(order.id()).flatMap(existing -> {
            if (existing != null) {
                LOG.infof("deferred order %s was written already", order.id());
                return Uni.createFrom().voidItem();
            }
            Uni<Boolean> claimed = order.idempotencyKey() == null ? Uni.createFrom().item(true)
                    : idempotency.recordDeferredWrite(DeferredOrders.IDEMPOTENCY_SCOPE, order.customerId(), order.idempotencyKey(),
                            deferred.requestFingerprint(), DeferredOrders.answer(json, order, deferred.pricesFromCache()));
            return claimed.flatMap(first -> {
                if (!first) {
                    // defensive: the key's reservation in Redis normally makes this impossible
                    LOG.warnf("deferred order %s not written: its Idempotency-Key placed an order already", order.id());
                    return snapshots.forget(order.id());
                }
                LOG.infof("deferred order %s written now that the order database is back", order.id());
                return transactions.place(order, event.traceContext(), deferred.pricesFromCache(), true).replaceWithVoid();
            });
        });
    }
}
