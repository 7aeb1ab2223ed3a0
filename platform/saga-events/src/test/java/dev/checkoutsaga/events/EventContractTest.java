package dev.checkoutsaga.events;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.SagaEvent.*;

class EventContractTest {

    @Test
    void everyEventTypeIsRegisteredOnceWithAVersionedCloudEventType() {
        Set<String> ceTypes = new HashSet<>();
        for (EventType type : EventType.values()) {
            assertTrue(type.ceType().startsWith(EventType.TYPE_PREFIX), type.ceType());
            assertTrue(type.ceType().endsWith(".v" + type.version()), type.ceType());
            assertTrue(ceTypes.add(type.ceType()), "duplicate type " + type.ceType());
            assertEquals(type, EventType.fromCeType(type.ceType()).orElseThrow());
        }
        assertEquals(SagaEvent.class.getPermittedSubclasses().length, EventType.values().length,
                "every SagaEvent record needs an EventType");
    }

    @Test
    void eachServiceEmitsOnItsOwnTopic() {
        assertEquals(Topics.ORDERS, EventType.ORDER_PLACED.topic());
        assertEquals(Topics.INVENTORY, EventType.STOCK_REJECTED.topic());
        assertEquals(Topics.PAYMENTS, EventType.PAYMENT_SETTLED.topic());
        assertEquals(Topics.SHIPPING, EventType.SHIPMENT_SCHEDULED.topic());
    }

    @Test
    void orderPlacedRoundTripsThroughJson() {
        Money price = new Money(1999, "EUR");
        OrderPlaced placed = new OrderPlaced(UUID.randomUUID(), "c-42", List.of(new OrderLine("SKU-1", 2, price)),
                price.times(2), new ShippingAddress("Ada Lovelace", "1 Main St", null, "London", "N1 9GU", "GB"),
                "tok_visa", Instant.parse("2026-11-22T10:00:00Z"));

        String json = EventCodec.toJson(placed);
        SagaEvent back = EventCodec.fromJson(EventType.ORDER_PLACED, json.getBytes(StandardCharsets.UTF_8));

        assertEquals(placed, back);
        assertTrue(json.contains("\"amountMinor\":3998"), json);
        assertTrue(json.contains("2026-11-22T10:00:00Z"), json);
        assertEquals(1, back.version());
    }

    @Test
    void paymentRefundFailedRoundTripsThroughJsonOnThePaymentsTopic() {
        PaymentRefundFailed failed = new PaymentRefundFailed(UUID.randomUUID(), UUID.randomUUID(), new Money(3998, "EUR"),
                "provider answered 404");

        String json = EventCodec.toJson(failed);
        SagaEvent back = EventCodec.fromJson(EventType.PAYMENT_REFUND_FAILED, json.getBytes(StandardCharsets.UTF_8));

        assertEquals(failed, back);
        assertEquals("dev.checkoutsaga.payment.refund-failed.v1", EventType.PAYMENT_REFUND_FAILED.ceType());
        assertEquals(Topics.PAYMENTS, EventType.PAYMENT_REFUND_FAILED.topic());
    }

    @Test
    void theOrdersDeadlineTravelsWithStockReservedAndPaymentCapturedAndIsNullFromAnOlderProducer() {
        Instant deadline = Instant.parse("2026-12-03T10:00:00Z");
        UUID orderId = UUID.randomUUID();
        StockReserved reserved = new StockReserved(orderId, List.of(new StockLine("SKU-1", 1)), new Money(100, "EUR"),
                "sealed", null, deadline);
        assertEquals(reserved, EventCodec.fromJson(EventType.STOCK_RESERVED,
                EventCodec.toJson(reserved).getBytes(StandardCharsets.UTF_8)));
        PaymentCaptured captured = new PaymentCaptured(orderId, UUID.randomUUID(), new Money(100, "EUR"), null, deadline);
        assertEquals(captured, EventCodec.fromJson(EventType.PAYMENT_CAPTURED,
                EventCodec.toJson(captured).getBytes(StandardCharsets.UTF_8)));

        // a v1 payload of a producer that predates the field: still v1, read with no deadline
        String older = "{\"orderId\":\"" + orderId + "\",\"reserved\":[],\"total\":{\"amountMinor\":100,\"currency\":\"EUR\"}}";
        StockReserved read = (StockReserved) EventCodec.fromJson(EventType.STOCK_RESERVED, older.getBytes(StandardCharsets.UTF_8));
        assertNull(read.deadline());
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() {
        String json = "{\"orderId\":\"" + UUID.randomUUID() + "\",\"addedLater\":true}";
        SagaEvent event = EventCodec.fromJson(EventType.ORDER_COMPLETED, json.getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(OrderCompleted.class, event);
    }

    @Test
    void aPayloadThatIsNotJsonIsReportedAsMalformed() {
        assertThrows(EventCodec.MalformedEventException.class,
                () -> EventCodec.fromJson(EventType.ORDER_PLACED, "not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void moneyNeverMixesCurrencies() {
        assertThrows(IllegalArgumentException.class, () -> new Money(1, "EUR").plus(new Money(1, "USD")));
        assertEquals(new Money(300, "EUR"), new Money(100, "EUR").plus(new Money(200, "EUR")));
    }
}
