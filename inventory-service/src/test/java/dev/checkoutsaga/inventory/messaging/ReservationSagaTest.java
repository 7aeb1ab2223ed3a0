package dev.checkoutsaga.inventory.messaging;

import static dev.checkoutsaga.inventory.support.Fixtures.WAIT;
import static dev.checkoutsaga.inventory.support.Fixtures.line;
import static dev.checkoutsaga.inventory.support.Fixtures.orderPlaced;
import static dev.checkoutsaga.inventory.support.Fixtures.stock;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent.OrderPlaced;
import dev.checkoutsaga.events.SagaEvent.StockRejected;
import dev.checkoutsaga.events.SagaEvent.StockReserved;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.inventory.support.Fixtures;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.testkit.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/** OrderPlaced -> StockReserved / StockRejected, all lines or none, exactly once. */
@QuarkusTest
@Order(2)
class ReservationSagaTest {

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

    @Test
    void orderPlacedReservesStockAndStockReservedContinuesTheSameTrace() {
        String mug = Fixtures.newSku("MUG");
        String tea = Fixtures.newSku("TEA");
        Fixtures.seed(mug, 10);
        Fixtures.seed(tea, 5);
        UUID orderId = UUID.randomUUID();
        // the same SKU twice in one order is merged into one line
        OrderPlaced placed = orderPlaced(orderId, line(mug, 2), line(tea, 1), line(mug, 1));
        String traceParent = KafkaProbe.newTraceParent();

        Fixtures.publish(placed, UUID.randomUUID(), traceParent);

        ConsumerRecord<String, byte[]> record = probe.await(orderId.toString(), EventType.STOCK_RESERVED.ceType(), WAIT);
        StockReserved reserved = (StockReserved) EventCodec.fromJson(EventType.STOCK_RESERVED, record.value());
        assertEquals(List.of(new StockLine(mug, 3), new StockLine(tea, 1)).stream().sorted(
                java.util.Comparator.comparing(StockLine::sku)).toList(), reserved.reserved());
        assertEquals(placed.total(), reserved.total());
        assertEquals(placed.paymentToken(), reserved.paymentToken());
        assertEquals(placed.shippingAddress(), reserved.shippingAddress());

        // inbox -> outbox row -> relay kept the caller's trace
        String emittedTraceParent = KafkaProbe.header(record, "traceparent");
        assertNotNull(emittedTraceParent, "StockReserved carries a traceparent");
        assertEquals(TraceContexts.traceIdOf(traceParent), TraceContexts.traceIdOf(emittedTraceParent));
        assertEquals(orderId.toString(), KafkaProbe.header(record, "ce_subject"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertEquals(List.of(7, 3, 0), stock(mug));
            assertEquals(List.of(4, 1, 0), stock(tea));
        });
    }

    @Test
    void outOfStockRejectsNamingTheShortSkusAndReservesNothing() {
        String plenty = Fixtures.newSku("PLENTY");
        String scarce = Fixtures.newSku("SCARCE");
        String unknown = Fixtures.newSku("UNKNOWN");
        Fixtures.seed(plenty, 10);
        Fixtures.seed(scarce, 1);
        UUID orderId = UUID.randomUUID();

        Fixtures.publish(orderPlaced(orderId, line(plenty, 2), line(scarce, 2), line(unknown, 1)));

        StockRejected rejected = Fixtures.await(probe, orderId, EventType.STOCK_REJECTED);
        assertEquals(List.of(scarce, unknown).stream().sorted().toList(), rejected.shortSkus().stream().sorted().toList());
        assertEquals(0, Fixtures.count(probe, orderId, EventType.STOCK_RESERVED, Duration.ZERO));
        // all or none: the line that was available was not reserved either
        assertEquals(List.of(10, 0, 0), stock(plenty));
        assertEquals(List.of(1, 0, 0), stock(scarce));
    }

    @Test
    void redeliveredOrderPlacedReservesOnceAndCountsTheDuplicate() {
        String sku = Fixtures.newSku("DUP");
        Fixtures.seed(sku, 10);
        UUID orderId = UUID.randomUUID();
        OrderPlaced placed = orderPlaced(orderId, line(sku, 4));
        UUID eventId = UUID.randomUUID();
        double duplicatesBefore = duplicatesSkipped();

        Fixtures.publish(placed, eventId, null);
        Fixtures.publish(placed, eventId, null); // Kafka redelivery: same ce_id
        Fixtures.publish(placed); // order-service re-emitting: new ce_id, same order
        Fixtures.awaitHandled(probe, orderId);

        assertEquals(1, Fixtures.count(probe, orderId, EventType.STOCK_RESERVED, Duration.ZERO));
        assertEquals(List.of(6, 4, 0), stock(sku));
        assertTrue(duplicatesSkipped() >= duplicatesBefore + 1, "saga_inbox_duplicates_skipped_total increased");
    }

    @Test
    void reservationsAreCountedByOutcome() {
        double reservedBefore = metric("inventory_reservations_total", "outcome=\"reserved\"");
        double rejectedBefore = metric("inventory_reservations_total", "outcome=\"rejected\"");
        String sku = Fixtures.newSku("METRIC");
        Fixtures.seed(sku, 1);
        UUID ok = UUID.randomUUID();
        UUID tooMany = UUID.randomUUID();
        Fixtures.publish(orderPlaced(ok, line(sku, 1)));
        Fixtures.publish(orderPlaced(tooMany, line(sku, 5)));
        Fixtures.await(probe, ok, EventType.STOCK_RESERVED);
        Fixtures.await(probe, tooMany, EventType.STOCK_REJECTED);

        await().atMost(WAIT).untilAsserted(() -> {
            assertTrue(metric("inventory_reservations_total", "outcome=\"reserved\"") >= reservedBefore + 1);
            assertTrue(metric("inventory_reservations_total", "outcome=\"rejected\"") >= rejectedBefore + 1);
        });
    }

    static double duplicatesSkipped() {
        return metric("saga_inbox_duplicates_skipped_total", "consumer_group=\"inventory-service\"");
    }

    /** Sum of a Prometheus series on /q/metrics over the samples whose labels contain {@code labelFilter}. */
    static double metric(String name, String labelFilter) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(labelFilter))
                // name{labels} value [# exemplar]: the value is the first token after the labels
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf("} ") + 2).trim().split("\\s+")[0]))
                .sum();
    }
}
