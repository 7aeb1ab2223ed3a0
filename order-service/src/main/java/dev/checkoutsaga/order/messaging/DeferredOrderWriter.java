package dev.checkoutsaga.order.messaging;

import java.time.Duration;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent.OrderPlacementDeferred;
import dev.checkoutsaga.idempotency.IdempotentRequests;
import dev.checkoutsaga.order.service.DeferredOrders;
import dev.checkoutsaga.order.service.OrderPricing;
import dev.checkoutsaga.order.service.OrderSnapshots;
import dev.checkoutsaga.order.service.PlaceOrderRequest;
import dev.checkoutsaga.order.config.OrderConfig;
import dev.checkoutsaga.order.domain.NewOrder;
import dev.checkoutsaga.order.persistence.OrderStore;
import dev.checkoutsaga.order.persistence.OrderTransactions;
import dev.checkoutsaga.outbox.CloudEventRecords;
import dev.checkoutsaga.outbox.IncomingEvent;
import dev.checkoutsaga.outbox.SagaInbox;
import dev.checkoutsaga.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes the orders accepted while the database was down (topic checkout.orders.deferred, see
 * {@link DeferredOrders}). Through the inbox: while the database is still down the handler fails
 * transiently and is retried until it is back; once written, a redelivery is skipped. The write is
 * idempotent on its own as well: an order that exists already (the first attempt's transaction
 * committed after all, only too late) or a key that already placed an order is not written again.
 *
 * <p>The prices carried in the event are not trusted: the order is re-priced with inventory's prices
 * (or the cache's, as when placing) before the inbox transaction starts, so no database connection
 * waits on inventory, and written at those. A changed total is noted on the order's timeline. While
 * nothing can price it the writer waits and asks again; a SKU inventory no longer knows fails the
 * event, which the inbox then dead-letters.
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
    @Inject
    OrderPricing pricing;
    @Inject
    OrderConfig config;

    @Incoming("deferred-orders")
    public Uni<Void> onDeferred(ConsumerRecord<String, byte[]> record) {
        return reprice(record)
                .flatMap(priced -> inbox.handle(CONSUMER_GROUP, Set.of(EventType.ORDER_PLACEMENT_DEFERRED), record,
                        event -> apply(event, priced)))
                .call(() -> snapshots.refresh(java.util.UUID.fromString(record.key())));
    }

    /** Null item for a record that is not a readable deferred order: the inbox decides what to do with it. */
    private Uni<OrderPricing.Priced> reprice(ConsumerRecord<String, byte[]> record) {
        OrderPlacementDeferred deferred;
        try {
            deferred = CloudEventRecords.decode(record).map(CloudEventRecords.Decoded::data)
                    .filter(OrderPlacementDeferred.class::isInstance).map(OrderPlacementDeferred.class::cast)
                    .orElse(null);
        } catch (RuntimeException malformed) {
            return Uni.createFrom().nullItem();
        }
        if (deferred == null) {
            return Uni.createFrom().nullItem();
        }
        Duration backoff = config.degradation().repriceRetryBackoff();
        return pricing.price(deferred.items().stream()
                        .map(line -> new PlaceOrderRequest.Item(line.sku(), line.quantity())).toList())
                .onFailure(DeferredOrderWriter::pricesUnavailable).invoke(e -> LOG.warnf(
                        "deferred order %s waits for prices: %s", deferred.orderId(), e.getMessage()))
                .onFailure(DeferredOrderWriter::pricesUnavailable).retry()
                .withBackOff(backoff, backoff.multipliedBy(10)).withJitter(0.2).indefinitely();
    }

    private static boolean pricesUnavailable(Throwable e) {
        return e instanceof ProblemException p && p.problem().status() == 503;
    }

    Uni<Void> apply(IncomingEvent event, OrderPricing.Priced priced) {
        if (!(event.data() instanceof OrderPlacementDeferred deferred)) {
            return Uni.createFrom().voidItem();
        }
        NewOrder accepted = deferredOrders.order(deferred);
        NewOrder order = accepted.withLines(priced.lines());
        String note = order.total().equals(accepted.total()) ? null
                : "re-priced when written: total " + order.total().amountMinor() + " " + order.total().currency()
                        + " (accepted at " + accepted.total().amountMinor() + " " + accepted.total().currency() + ")";
        if (note != null) {
            LOG.warnf("deferred order %s %s", order.id(), note);
        }
        return store.findById(order.id()).flatMap(existing -> {
            if (existing != null) {
                LOG.infof("deferred order %s was written already", order.id());
                return Uni.createFrom().voidItem();
            }
            Uni<Boolean> claimed = order.idempotencyKey() == null ? Uni.createFrom().item(true)
                    : idempotency.recordDeferredWrite(DeferredOrders.IDEMPOTENCY_SCOPE, order.customerId(), order.idempotencyKey(),
                            deferred.requestFingerprint(), DeferredOrders.answer(json, order, priced.fromCache()));
            return claimed.flatMap(first -> {
                if (!first) {
                    // defensive: the key's reservation in Redis normally makes this impossible
                    LOG.warnf("deferred order %s not written: its Idempotency-Key placed an order already", order.id());
                    return snapshots.forget(order.id());
                }
                LOG.infof("deferred order %s written now that the order database is back", order.id());
                return transactions.place(order, event.traceContext(), priced.fromCache(), true, note).replaceWithVoid();
            });
        });
    }
}
