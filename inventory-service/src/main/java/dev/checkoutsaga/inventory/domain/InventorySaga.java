package dev.checkoutsaga.inventory.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import java.util.UUID;

import dev.checkoutsaga.events.OrderLine;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.InventorySettled;
import dev.checkoutsaga.events.SagaEvent.OrderPlaced;
import dev.checkoutsaga.events.SagaEvent.StockRejected;
import dev.checkoutsaga.events.SagaEvent.StockReserved;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.steps.SagaDecision;

/**
 * Inventory's saga rules, all in one place. Plain Java: given the order's local state (and, when
 * it matters, the stock of the lines) each method decides what happens, and each decision carries
 * what it does to the order's record and the events it emits ({@link Decision}). The caller has
 * already locked the order's record and the product rows; it moves the stock of the decision's
 * lines, applies the decision and commits.
 *
 * <p>Every rule is idempotent by state, so a redelivered or repeated event (even with a new event
 * id) changes nothing, and commutes with cancellation: a cancel that arrives before OrderPlaced
 * leaves a tombstone that makes the later OrderPlaced a no-op.
 */
public final class InventorySaga {

    private InventorySaga() {
    }

    /**
     * What the events of the decisions are built from: the order's id, and the OrderPlaced being
     * handled, if any (StockReserved passes its total, payment token, address and deadline on).
     */
    public record OrderStockFacts(UUID orderId, OrderPlaced placement) {
    }

    /** Every decision of this machine carries its effects on the order's record and its events. */
    public interface Decision extends SagaDecision<OrderStockStatus, OrderStockFacts> {
    }

    // ---------------------------------------------------------------- OrderPlaced

    public sealed interface PlaceDecision extends Decision {
    }

    /** Reserve every line (sorted by SKU): RESERVED; emit StockReserved. */
    public record Reserve(List<StockLine> lines) implements PlaceDecision {
        @Override
        public OrderStockStatus status() {
            return OrderStockStatus.RESERVED;
        }

        @Override
        public List<SagaEvent> events(OrderStockFacts order) {
            OrderPlaced placed = order.placement();
            return List.of(new StockReserved(order.orderId(), lines, placed.total(), placed.paymentToken(),
                    placed.shippingAddress(), placed.deadline()));
        }
    }

    /** Reserve nothing: REJECTED; emit StockRejected naming the SKUs that could not be served. */
    public record Reject(List<String> shortSkus) implements PlaceDecision {
        @Override
        public OrderStockStatus status() {
            return OrderStockStatus.REJECTED;
        }

        @Override
        public List<SagaEvent> events(OrderStockFacts order) {
            return List.of(new StockRejected(order.orderId(), shortSkus));
        }
    }

    /** Already decided or cancelled: change nothing, emit nothing. */
    public record IgnorePlacement(String why) implements PlaceDecision {
    }

    /**
     * All lines or none. A line is short when its SKU is unknown (absent from {@code available}),
     * its quantity is not positive, or less is available than the order wants.
     *
     * @param status the order's local status (NEW when inventory has not seen it before)
     * @param wanted the order's lines merged per SKU, see {@link #merge(List)}
     * @param available available stock of the known SKUs among the lines
     */
    public static PlaceDecision onOrderPlaced(OrderStockStatus status, List<StockLine> wanted,
            Map<String, Integer> available) {
        if (status != OrderStockStatus.NEW) {
            return new IgnorePlacement(status == OrderStockStatus.TOMBSTONE ? "cancelled before it was placed"
                    : "already decided (" + status + ")");
        }
        if (wanted.isEmpty()) {
            return new Reject(List.of()); // an order without lines cannot be served
        }
        List<String> shortSkus = new ArrayList<>();
        for (StockLine line : wanted) {
            Integer stock = available.get(line.sku());
            if (stock == null || line.quantity() <= 0 || stock < line.quantity()) {
                shortSkus.add(line.sku());
            }
        }
        return shortSkus.isEmpty() ? new Reserve(wanted) : new Reject(shortSkus);
    }

    /**
     * The order's lines as stock lines: one per SKU (an order may name a SKU twice), sorted by
     * SKU, which is also the order in which product rows are locked (no deadlocks).
     */
    public static List<StockLine> merge(List<OrderLine> items) {
        Map<String, Integer> bySku = new TreeMap<>();
        if (items != null) {
            for (OrderLine item : items) {
                if (item == null) {
                    continue;
                }
                // a missing SKU becomes "", which no product has: the order is rejected, not retried
                String sku = item.sku() == null ? "" : item.sku();
                // a non-positive quantity poisons the line (it stays non-positive and is rejected);
                // a sum beyond int saturates (more than any stock, so short) instead of failing
                bySku.merge(sku, item.quantity(), (a, b) -> a <= 0 || b <= 0 ? Math.min(a, b)
                        : (int) Math.min((long) a + b, Integer.MAX_VALUE));
            }
        }
        return bySku.entrySet().stream().map(e -> new StockLine(e.getKey(), e.getValue())).toList();
    }

    // ---------------------------------------------------------------- OrderCancellationRequested

    public sealed interface CancelDecision extends Decision {
    }

    /** Give the held lines back (reserved -= q, available += q): RELEASED, settled; emit InventorySettled(lines). */
    public record Release(List<StockLine> lines) implements CancelDecision {
        @Override
        public OrderStockStatus status() {
            return OrderStockStatus.RELEASED;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(OrderStockFacts order) {
            return List.of(new InventorySettled(order.orderId(), lines));
        }
    }

    /**
     * Nothing to give back: the new status, settled; emit InventorySettled([]). {@code warning} is set
     * when this is suspicious (a completed order cancelled: the sale stands).
     */
    public record SettleEmpty(OrderStockStatus newStatus, String warning) implements CancelDecision {
        @Override
        public OrderStockStatus status() {
            return newStatus;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(OrderStockFacts order) {
            return List.of(new InventorySettled(order.orderId(), List.of()));
        }
    }

    /** Settled before: change nothing, emit nothing (settle exactly once). */
    public record IgnoreCancel(String why) implements CancelDecision {
    }

    /**
     * Settles the order exactly once.
     *
     * @param settled whether a cancellation was already settled for this order
     * @param held the lines the order holds (meaningful when RESERVED)
     */
    public static CancelDecision onCancellationRequested(OrderStockStatus status, boolean settled,
            List<StockLine> held) {
        if (settled) {
            return new IgnoreCancel("already settled");
        }
        return switch (status) {
            case RESERVED -> new Release(held);
            // cancel before OrderPlaced: the tombstone makes the late OrderPlaced a no-op
            case NEW, TOMBSTONE -> new SettleEmpty(OrderStockStatus.TOMBSTONE, null);
            case REJECTED -> new SettleEmpty(OrderStockStatus.REJECTED, null);
            // not normally reachable (unsettled RELEASED): nothing is held any more
            case RELEASED -> new SettleEmpty(OrderStockStatus.RELEASED, null);
            // a sale is final: the goods shipped, so do not put them back on the shelf
            case SOLD -> new SettleEmpty(OrderStockStatus.SOLD,
                    "cancellation requested for a completed order; the sale stands, nothing released");
        };
    }

    // ---------------------------------------------------------------- OrderCompleted

    public sealed interface CompleteDecision extends Decision {
    }

    /** The held lines become sold (reserved -= q, sold += q): SOLD. */
    public record Sell(List<StockLine> lines) implements CompleteDecision {
        @Override
        public OrderStockStatus status() {
            return OrderStockStatus.SOLD;
        }
    }

    /** Nothing to sell (already sold, or nothing held): change nothing. */
    public record IgnoreCompletion(String why, boolean suspicious) implements CompleteDecision {
    }

    public static CompleteDecision onOrderCompleted(OrderStockStatus status, List<StockLine> held) {
        return switch (status) {
            case RESERVED -> new Sell(held);
            case SOLD -> new IgnoreCompletion("already sold", false);
            default -> new IgnoreCompletion("order completed while " + status + ": nothing held to sell", true);
        };
    }
}
