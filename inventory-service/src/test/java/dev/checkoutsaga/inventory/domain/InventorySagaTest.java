package dev.checkoutsaga.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.OrderLine;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.inventory.domain.InventorySaga.IgnoreCancel;
import dev.checkoutsaga.inventory.domain.InventorySaga.IgnoreCompletion;
import dev.checkoutsaga.inventory.domain.InventorySaga.IgnorePlacement;
import dev.checkoutsaga.inventory.domain.InventorySaga.Reject;
import dev.checkoutsaga.inventory.domain.InventorySaga.Release;
import dev.checkoutsaga.inventory.domain.InventorySaga.Reserve;
import dev.checkoutsaga.inventory.domain.InventorySaga.Sell;
import dev.checkoutsaga.inventory.domain.InventorySaga.SettleEmpty;

/** The saga rules without Quarkus, including every order of OrderPlaced / cancel / complete. */
class InventorySagaTest {

    private static final List<StockLine> WANTED = List.of(new StockLine("A", 2), new StockLine("B", 1));

    private static OrderLine line(String sku, int q) {
        return new OrderLine(sku, q, new Money(100, "EUR"));
    }

    @Test
    void mergesRepeatedSkusAndSortsLinesBySku() {
        assertEquals(List.of(new StockLine("A", 3), new StockLine("B", 1)),
                InventorySaga.merge(List.of(line("B", 1), line("A", 1), line("A", 2))));
    }

    @Test
    void malformedLinesAreRejectedInsteadOfFailingTheHandler() {
        var wanted = InventorySaga.merge(java.util.Arrays.asList(line(null, 1), null,
                line("A", Integer.MAX_VALUE), line("A", 5)));
        assertEquals(List.of(new StockLine("", 1), new StockLine("A", Integer.MAX_VALUE)), wanted);
        assertEquals(new Reject(List.of("", "A")),
                InventorySaga.onOrderPlaced(OrderStockStatus.NEW, wanted, Map.of("A", 1_000_000)));
    }

    @Test
    void reservesAllLinesWhenEveryLineIsAvailable() {
        var d = InventorySaga.onOrderPlaced(OrderStockStatus.NEW, WANTED, Map.of("A", 2, "B", 5));
        assertEquals(new Reserve(WANTED), d);
    }

    @Test
    void rejectsTheWholeOrderNamingShortAndUnknownSkus() {
        var d = InventorySaga.onOrderPlaced(OrderStockStatus.NEW, WANTED, Map.of("A", 1));
        assertEquals(new Reject(List.of("A", "B")), d);
        d = InventorySaga.onOrderPlaced(OrderStockStatus.NEW, WANTED, Map.of("A", 5, "B", 0));
        assertEquals(new Reject(List.of("B")), d);
    }

    @Test
    void rejectsNonPositiveQuantitiesAndEmptyOrders() {
        var wanted = InventorySaga.merge(List.of(line("A", 2), line("A", -2)));
        assertEquals(new Reject(List.of("A")), InventorySaga.onOrderPlaced(OrderStockStatus.NEW, wanted, Map.of("A", 9)));
        assertInstanceOf(Reject.class, InventorySaga.onOrderPlaced(OrderStockStatus.NEW, List.of(), Map.of()));
    }

    @Test
    void ignoresOrderPlacedOnceDecidedOrCancelled() {
        for (OrderStockStatus s : OrderStockStatus.values()) {
            if (s != OrderStockStatus.NEW) {
                assertInstanceOf(IgnorePlacement.class, InventorySaga.onOrderPlaced(s, WANTED, Map.of("A", 9, "B", 9)), s.name());
            }
        }
    }

    @Test
    void cancelAfterReservationReleasesTheHeldLines() {
        assertEquals(new Release(WANTED), InventorySaga.onCancellationRequested(OrderStockStatus.RESERVED, false, WANTED));
    }

    @Test
    void cancelBeforeOrderPlacedLeavesATombstoneThatMakesTheLateOrderANoOp() {
        var d = InventorySaga.onCancellationRequested(OrderStockStatus.NEW, false, List.of());
        assertEquals(new SettleEmpty(OrderStockStatus.TOMBSTONE, null), d);
        assertInstanceOf(IgnorePlacement.class,
                InventorySaga.onOrderPlaced(OrderStockStatus.TOMBSTONE, WANTED, Map.of("A", 9, "B", 9)));
    }

    @Test
    void cancelOfARejectedOrderSettlesEmpty() {
        assertEquals(new SettleEmpty(OrderStockStatus.REJECTED, null),
                InventorySaga.onCancellationRequested(OrderStockStatus.REJECTED, false, List.of()));
    }

    @Test
    void cancelOfASoldOrderReleasesNothingAndWarns() {
        var d = (SettleEmpty) InventorySaga.onCancellationRequested(OrderStockStatus.SOLD, false, List.of());
        assertEquals(OrderStockStatus.SOLD, d.newStatus());
        assertNotNull(d.warning());
    }

    @Test
    void settlesAtMostOnce() {
        for (OrderStockStatus s : OrderStockStatus.values()) {
            assertInstanceOf(IgnoreCancel.class, InventorySaga.onCancellationRequested(s, true, WANTED), s.name());
        }
    }

    @Test
    void completionSellsAReservationOnce() {
        assertEquals(new Sell(WANTED), InventorySaga.onOrderCompleted(OrderStockStatus.RESERVED, WANTED));
        var again = (IgnoreCompletion) InventorySaga.onOrderCompleted(OrderStockStatus.SOLD, List.of());
        assertEquals(false, again.suspicious());
        var released = (IgnoreCompletion) InventorySaga.onOrderCompleted(OrderStockStatus.RELEASED, List.of());
        assertEquals(true, released.suspicious());
    }

    @Test
    void everyOrderOfPlacedAndCancelEndsWithNothingHeld() {
        // placed then cancel: reserve, then release the same lines
        var placed = (Reserve) InventorySaga.onOrderPlaced(OrderStockStatus.NEW, WANTED, Map.of("A", 2, "B", 1));
        assertEquals(new Release(placed.lines()),
                InventorySaga.onCancellationRequested(OrderStockStatus.RESERVED, false, placed.lines()));
        // cancel then placed: tombstone, then nothing
        var cancel = (SettleEmpty) InventorySaga.onCancellationRequested(OrderStockStatus.NEW, false, List.of());
        assertInstanceOf(IgnorePlacement.class, InventorySaga.onOrderPlaced(cancel.newStatus(), WANTED, Map.of("A", 2, "B", 1)));
        assertNull(cancel.warning());
    }

    @Test
    void eachDecisionCarriesTheStatusItEntersWhetherItSettlesAndTheEventItEmits() {
        java.util.UUID order = java.util.UUID.randomUUID();
        var address = new dev.checkoutsaga.events.ShippingAddress("Ada", "1 Main St", null, "London", "N1 9GU", "GB");
        var placement = new dev.checkoutsaga.events.SagaEvent.OrderPlaced(order, "customer-1", List.of(),
                new Money(3998, "EUR"), address, "sealed-token", java.time.Instant.parse("2026-12-03T12:00:00Z"));
        var facts = new InventorySaga.OrderStockFacts(order, placement);

        var reserve = InventorySaga.onOrderPlaced(OrderStockStatus.NEW, WANTED, Map.of("A", 2, "B", 1));
        assertEquals(OrderStockStatus.RESERVED, reserve.status());
        assertEquals(false, reserve.settles());
        assertEquals(List.of(new dev.checkoutsaga.events.SagaEvent.StockReserved(order, WANTED, placement.total(),
                "sealed-token", address, placement.deadline())), reserve.events(facts),
                "StockReserved passes the placement's payment details on");

        var reject = InventorySaga.onOrderPlaced(OrderStockStatus.NEW, WANTED, Map.of("A", 1));
        assertEquals(OrderStockStatus.REJECTED, reject.status());
        assertEquals(List.of(new dev.checkoutsaga.events.SagaEvent.StockRejected(order, List.of("A", "B"))),
                reject.events(facts));

        var release = InventorySaga.onCancellationRequested(OrderStockStatus.RESERVED, false, WANTED);
        assertEquals(OrderStockStatus.RELEASED, release.status());
        assertEquals(true, release.settles());
        assertEquals(List.of(new dev.checkoutsaga.events.SagaEvent.InventorySettled(order, WANTED)), release.events(facts));

        var tombstone = InventorySaga.onCancellationRequested(OrderStockStatus.NEW, false, List.of());
        assertEquals(OrderStockStatus.TOMBSTONE, tombstone.status());
        assertEquals(true, tombstone.settles());
        assertEquals(List.of(new dev.checkoutsaga.events.SagaEvent.InventorySettled(order, List.of())),
                tombstone.events(facts));

        var sell = InventorySaga.onOrderCompleted(OrderStockStatus.RESERVED, WANTED);
        assertEquals(OrderStockStatus.SOLD, sell.status());
        assertEquals(List.of(), sell.events(facts));

        for (InventorySaga.Decision ignored : List.<InventorySaga.Decision>of(
                InventorySaga.onOrderPlaced(OrderStockStatus.RESERVED, WANTED, Map.of()),
                InventorySaga.onCancellationRequested(OrderStockStatus.RELEASED, true, List.of()),
                InventorySaga.onOrderCompleted(OrderStockStatus.SOLD, List.of()))) {
            assertNull(ignored.status(), ignored.toString());
            assertEquals(false, ignored.settles(), ignored.toString());
            assertEquals(List.of(), ignored.events(facts), ignored.toString());
            assertEquals(List.of(), ignored.steps(), ignored.toString());
        }
    }
}
