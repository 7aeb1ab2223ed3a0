package dev.checkoutsaga.inventory.messaging;

import static dev.checkoutsaga.inventory.support.Fixtures.WAIT;
import static dev.checkoutsaga.inventory.support.Fixtures.line;
import static dev.checkoutsaga.inventory.support.Fixtures.orderPlaced;
import static dev.checkoutsaga.inventory.support.Fixtures.stock;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent.InventorySettled;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.SagaEvent.OrderCompleted;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.inventory.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/** OrderCancellationRequested settles exactly once, in any order with OrderPlaced; OrderCompleted sells. */
@QuarkusTest
@Order(3)
class CancellationSagaTest {

    static KafkaProbe probe;

    @BeforeAll
    static void subscribe() {
        Fixtures.createTopics();
        probe = Fixtures.inventoryProbe();
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    private static OrderCancellationRequested cancel(UUID orderId) {
        return new OrderCancellationRequested(orderId, CancellationReason.CUSTOMER_CANCELLED, "test");
    }

    @Test
    void cancelBeforeOrderPlacedLeavesATombstoneAndTheLateOrderIsIgnored() {
        String sku = Fixtures.newSku("TOMB");
        Fixtures.seed(sku, 5);
        UUID orderId = UUID.randomUUID();

        Fixtures.publish(cancel(orderId));
        InventorySettled settled = Fixtures.await(probe, orderId, EventType.INVENTORY_SETTLED);
        assertEquals(List.of(), settled.released());

        Fixtures.publish(orderPlaced(orderId, line(sku, 2)));
        Fixtures.awaitHandled(probe, orderId);

        assertEquals(List.of(EventType.INVENTORY_SETTLED.ceType()), probe.typesFor(orderId.toString()),
                "no StockReserved/StockRejected for a cancelled order");
        assertEquals(List.of(5, 0, 0), stock(sku));
    }

    @Test
    void cancelAfterReservationReleasesTheLinesAndSettlesOnlyOnce() {
        String a = Fixtures.newSku("RELA");
        String b = Fixtures.newSku("RELB");
        Fixtures.seed(a, 5);
        Fixtures.seed(b, 5);
        UUID orderId = UUID.randomUUID();
        Fixtures.publish(orderPlaced(orderId, line(a, 2), line(b, 3)));
        Fixtures.await(probe, orderId, EventType.STOCK_RESERVED);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(3, 2, 0), stock(a)));

        Fixtures.publish(cancel(orderId));
        InventorySettled settled = Fixtures.await(probe, orderId, EventType.INVENTORY_SETTLED);
        assertEquals(List.of(new StockLine(a, 2), new StockLine(b, 3)).stream()
                .sorted(java.util.Comparator.comparing(StockLine::sku)).toList(), settled.released());
        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(List.of(5, 0, 0), stock(a));
            assertEquals(List.of(5, 0, 0), stock(b));
        });

        // a second cancellation (a new event, not a redelivery) settles nothing again
        Fixtures.publish(cancel(orderId));
        Fixtures.awaitHandled(probe, orderId);
        assertEquals(1, Fixtures.count(probe, orderId, EventType.INVENTORY_SETTLED, Duration.ZERO));
        assertEquals(List.of(5, 0, 0), stock(a));
    }

    @Test
    void cancelOfARejectedOrderSettlesWithNothingReleased() {
        String sku = Fixtures.newSku("REJ");
        Fixtures.seed(sku, 1);
        UUID orderId = UUID.randomUUID();
        Fixtures.publish(orderPlaced(orderId, line(sku, 3)));
        Fixtures.await(probe, orderId, EventType.STOCK_REJECTED);

        Fixtures.publish(cancel(orderId));
        InventorySettled settled = Fixtures.await(probe, orderId, EventType.INVENTORY_SETTLED);
        assertEquals(List.of(), settled.released());
        assertEquals(List.of(1, 0, 0), stock(sku));
    }

    @Test
    void orderCompletedTurnsTheReservationIntoASaleAndALaterCancelReleasesNothing() {
        String sku = Fixtures.newSku("SOLD");
        Fixtures.seed(sku, 10);
        UUID orderId = UUID.randomUUID();
        Fixtures.publish(orderPlaced(orderId, line(sku, 4)));
        Fixtures.await(probe, orderId, EventType.STOCK_RESERVED);

        Fixtures.publish(new OrderCompleted(orderId));
        Fixtures.publish(new OrderCompleted(orderId)); // completing twice sells once
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(6, 0, 4), stock(sku)));

        Fixtures.publish(cancel(orderId));
        InventorySettled settled = Fixtures.await(probe, orderId, EventType.INVENTORY_SETTLED);
        assertEquals(List.of(), settled.released(), "a sale is final");
        assertEquals(List.of(6, 0, 4), stock(sku));
    }
}
