package dev.checkoutsaga.inventory.messaging;

import static dev.checkoutsaga.inventory.support.Fixtures.line;
import static dev.checkoutsaga.inventory.support.Fixtures.orderPlaced;
import static dev.checkoutsaga.inventory.support.Fixtures.stock;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.inventory.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/** Many orders racing for scarce stock: exactly the stock is reserved, never more. */
@QuarkusTest
@Order(4)
class ConcurrentOrdersTest {

    @Test
    void oneHundredTwentyConcurrentOrdersForThirtyItemsReserveExactlyThirty() throws Exception {
        Fixtures.createTopics();
        String sku = Fixtures.newSku("SCARCE");
        Fixtures.seed(sku, 30);
        List<UUID> orders = IntStream.range(0, 120).mapToObj(i -> UUID.randomUUID()).toList();
        // a second SKU shared by half of the orders, so that orders also contend on several rows
        String other = Fixtures.newSku("PLENTY");
        Fixtures.seed(other, 1000);

        try (KafkaProbe probe = Fixtures.inventoryProbe()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> sent = orders.stream().map(id -> pool.submit(() -> Fixtures.publish(
                        id.hashCode() % 2 == 0 ? orderPlaced(id, line(sku, 1))
                                : orderPlaced(id, line(other, 1), line(sku, 1)))))
                        .collect(java.util.stream.Collectors.toList());
                for (Future<?> f : sent) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }

            Set<String> answers = Set.of(EventType.STOCK_RESERVED.ceType(), EventType.STOCK_REJECTED.ceType());
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                probe.awaitMatching(r -> false, Duration.ofMillis(200)); // read what arrived
                return orders.stream().allMatch(id -> probe.typesFor(id.toString()).stream().anyMatch(answers::contains));
            });

            long reserved = orders.stream()
                    .filter(id -> probe.typesFor(id.toString()).contains(EventType.STOCK_RESERVED.ceType())).count();
            long rejected = orders.stream()
                    .filter(id -> probe.typesFor(id.toString()).contains(EventType.STOCK_REJECTED.ceType())).count();
            assertEquals(30, reserved, "StockReserved");
            assertEquals(90, rejected, "StockRejected");
            orders.forEach(id -> assertEquals(1, probe.typesFor(id.toString()).size(), "one answer per order " + id));
        }
        await().atMost(Fixtures.WAIT).untilAsserted(() -> assertEquals(List.of(0, 30, 0), stock(sku)));
        List<Integer> others = stock(other);
        assertEquals(1000, others.get(0) + others.get(1), "conserved");
    }
}
