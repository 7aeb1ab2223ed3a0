package dev.checkoutsaga.inventory.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.SagaEvent.OrderCompleted;
import dev.checkoutsaga.events.SagaEvent.OrderPlaced;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.inventory.persistence.ProductCache;
import dev.checkoutsaga.inventory.domain.InventorySaga.CancelDecision;
import dev.checkoutsaga.inventory.domain.InventorySaga.CompleteDecision;
import dev.checkoutsaga.inventory.domain.InventorySaga.PlaceDecision;
import dev.checkoutsaga.inventory.domain.InventorySaga;
import dev.checkoutsaga.inventory.domain.OrderStockStatus;
import dev.checkoutsaga.inventory.persistence.InventoryRepository;
import dev.checkoutsaga.inventory.persistence.OrderStock;
import dev.checkoutsaga.inventory.persistence.Product;
import dev.checkoutsaga.outbox.IncomingEvent;
import dev.checkoutsaga.outbox.SagaInbox;
import dev.checkoutsaga.steps.SagaEffects;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * inventory's part of the saga: consumes checkout.orders and applies {@link InventorySaga}'s
 * decisions. Each event runs in one transaction (via {@link SagaInbox}: inbox row, stock change
 * and outgoing event commit together), after locking the order's record and then the product rows
 * in SKU order.
 */
@ApplicationScoped
public class SagaEventConsumer {
    private static final Logger LOG = Logger.getLogger(SagaEventConsumer.class);
    public static final String CONSUMER_GROUP = "inventory-service";
    /** The events of checkout.orders the saga map routes to this service; the others (OrderCancelled) skip the inbox. */
    static final Set<EventType> HANDLED = SagaMap.handledBy(SagaMap.INVENTORY);

    @Inject
    SagaInbox inbox;
    @Inject
    SagaEffects sagaEffects;
    @Inject
    InventoryRepository repository;
    @Inject
    ProductCache cache;
    @Inject
    InventoryMetrics metrics;

    @Incoming("saga-events")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        Effects effects = new Effects();
        return inbox.handle(CONSUMER_GROUP, HANDLED, record, event -> {
            effects.reset(); // the inbox may retry the whole transaction
            return apply(event, effects);
        })
                // after the commit only: metrics and cache entries must not reflect a rolled-back attempt
                .invoke(() -> metrics.entered(effects.placement))
                .call(() -> cache.invalidate(effects.touchedSkus));
    }

    Uni<Void> apply(IncomingEvent event, Effects effects) {
        return switch (event.data()) {
            case OrderPlaced placed -> place(event, placed, effects);
            case OrderCancellationRequested cancel -> cancel(event, effects);
            case OrderCompleted completed -> complete(event, effects);
            default -> Uni.createFrom().voidItem(); // OrderCancelled: nothing left to do for inventory
        };
    }

    private Uni<Void> place(IncomingEvent event, OrderPlaced placed, Effects effects) {
        List<StockLine> wanted = InventorySaga.merge(placed.items());
        return repository.lockOrder(event.orderId()).flatMap(order -> {
            // only a NEW order looks at stock; otherwise do not even lock the products
            Uni<List<Product>> products = order.status == OrderStockStatus.NEW
                    ? repository.lockProducts(wanted.stream().map(StockLine::sku).toList())
                    : Uni.createFrom().item(List.of());
            return products.flatMap(locked -> {
                Map<String, Integer> available = locked.stream()
                        .collect(Collectors.toMap(p -> p.sku, p -> p.available));
                PlaceDecision decision = InventorySaga.onOrderPlaced(order.status, wanted, available);
                Uni<Void> stock = Uni.createFrom().voidItem();
                if (decision instanceof InventorySaga.Reserve reserve) {
                    move(reserve.lines(), bySku(locked), effects, (p, q) -> {
                        p.available -= q;
                        p.reserved += q;
                    });
                    stock = repository.insertLines(order.orderId, reserve.lines());
                }
                order.placement = placed;
                effects.placement = decision.status();
                return stock.chain(() -> sagaEffects.apply(order, decision, event));
            });
        });
    }

    private Uni<Void> cancel(IncomingEvent event, Effects effects) {
        return repository.lockOrder(event.orderId()).flatMap(order -> heldLines(order).flatMap(held -> {
            CancelDecision decision = InventorySaga.onCancellationRequested(order.status, order.settled(), held);
            if (decision instanceof InventorySaga.SettleEmpty settle && settle.warning() != null) {
                LOG.warnf("Order %s: %s", order.orderId, settle.warning());
            }
            Uni<Void> stock = decision instanceof InventorySaga.Release release
                    ? moveStock(release.lines(), effects, (p, q) -> {
                        p.reserved -= q;
                        p.available += q;
                    })
                    : Uni.createFrom().voidItem();
            return stock.chain(() -> sagaEffects.apply(order, decision, event));
        }));
    }

    private Uni<Void> complete(IncomingEvent event, Effects effects) {
        return repository.lockOrder(event.orderId()).flatMap(order -> heldLines(order).flatMap(held -> {
            CompleteDecision decision = InventorySaga.onOrderCompleted(order.status, held);
            if (decision instanceof InventorySaga.IgnoreCompletion ignore && ignore.suspicious()) {
                LOG.warnf("OrderCompleted for order %s ignored: %s", order.orderId, ignore.why());
            }
            Uni<Void> stock = decision instanceof InventorySaga.Sell sell
                    ? moveStock(sell.lines(), effects, (p, q) -> {
                        p.reserved -= q;
                        p.sold += q;
                    })
                    : Uni.createFrom().voidItem();
            return stock.chain(() -> sagaEffects.apply(order, decision, event));
        }));
    }

    /** The lines an order holds; only a RESERVED order holds any. */
    private Uni<List<StockLine>> heldLines(OrderStock order) {
        return order.status == OrderStockStatus.RESERVED ? repository.lines(order.orderId)
                : Uni.createFrom().item(List.of());
    }

    /** Locks the lines' products (SKU order) and applies the change to each. */
    private Uni<Void> moveStock(List<StockLine> lines, Effects effects, StockMove move) {
        return repository.lockProducts(lines.stream().map(StockLine::sku).toList())
                .invoke(locked -> move(lines, bySku(locked), effects, move))
                .replaceWithVoid();
    }

    /** Applies the change to the (locked) product of each line. */
    private static void move(List<StockLine> lines, Map<String, Product> bySku, Effects effects, StockMove move) {
        for (StockLine line : lines) {
            Product p = bySku.get(line.sku());
            if (p == null) {
                // products are never deleted; a missing row means the data was tampered with
                throw new IllegalStateException("product " + line.sku() + " held by an order is gone");
            }
            move.apply(p, line.quantity());
            p.updatedAt = Instant.now();
            effects.touchedSkus.add(p.sku);
        }
    }

    private static Map<String, Product> bySku(List<Product> products) {
        return products.stream().collect(Collectors.toMap(p -> p.sku, Function.identity()));
    }

    @FunctionalInterface
    private interface StockMove {
        void apply(Product product, int quantity);
    }

    /** What one handled event changed, acted on only after its transaction committed. */
    static final class Effects {
        final Set<String> touchedSkus = ConcurrentHashMap.newKeySet();
        /** The status an OrderPlaced decision entered (RESERVED, REJECTED), for the metrics. */
        volatile OrderStockStatus placement;

        void reset() {
            touchedSkus.clear();
            placement = null;
        }
    }
}
