package dev.checkoutsaga.shipping.messaging;

import static dev.checkoutsaga.shipping.support.Fixtures.ADDRESS;
import static dev.checkoutsaga.shipping.support.Fixtures.UNDELIVERABLE;
import static dev.checkoutsaga.shipping.support.Fixtures.WAIT;
import static dev.checkoutsaga.shipping.support.Fixtures.cancellation;
import static dev.checkoutsaga.shipping.support.Fixtures.paymentCaptured;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.SagaEvent.ShipmentScheduled;
import dev.checkoutsaga.events.SagaEvent.ShippingSettled;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.shipping.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** OrderCancellationRequested settles every order exactly once, in any order with PaymentCaptured. */
@QuarkusTest
@Order(2)
class CancellationTest {

    static KafkaProbe probe;

    @BeforeAll
    static void subscribe() {
        Fixtures.createTopics();
        probe = Fixtures.shippingProbe();
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    @Test
    void cancelBeforePaymentLeavesATombstoneAndTheLatePaymentBooksNothing() {
        UUID orderId = UUID.randomUUID();
        double tombstonesBefore = Fixtures.shipmentsCounter("tombstone");
        Fixtures.publish(cancellation(orderId));
        ShippingSettled settled = Fixtures.await(probe, orderId, EventType.SHIPPING_SETTLED);
        assertNull(settled.cancelledTrackingNumber(), "nothing was booked, nothing undone");

        Fixtures.publish(paymentCaptured(orderId, ADDRESS));
        Fixtures.awaitHandled(probe, orderId, Topics.PAYMENTS);

        assertEquals(List.of(EventType.SHIPPING_SETTLED.ceType()), probe.typesFor(orderId.toString()),
                "no ShipmentScheduled for a cancelled order");
        assertEquals(List.of(), Fixtures.carrierShipmentStatuses(orderId), "the carrier never heard of it");
        JsonPath mine = Fixtures.shipments(orderId);
        assertEquals("TOMBSTONE", mine.getString("[0].status"));
        assertFalse(mine.getBoolean("[0].live"));
        assertTrue(mine.getBoolean("[0].settled"));
        assertTrue(Fixtures.shipmentsCounter("tombstone") > tombstonesBefore);
    }

    @Test
    void cancelAfterSchedulingCancelsTheShipmentAtTheCarrierAndSettlesWithItsTrackingNumber() {
        UUID orderId = UUID.randomUUID();
        Fixtures.publish(paymentCaptured(orderId, ADDRESS));
        ShipmentScheduled scheduled = Fixtures.await(probe, orderId, EventType.SHIPMENT_SCHEDULED);
        assertEquals(1, Fixtures.liveShipmentsAtCarrier(orderId));
        double cancelledBefore = Fixtures.shipmentsCounter("cancelled");

        Fixtures.publish(cancellation(orderId));
        ShippingSettled settled = Fixtures.await(probe, orderId, EventType.SHIPPING_SETTLED);
        assertEquals(scheduled.trackingNumber(), settled.cancelledTrackingNumber());

        assertEquals(0, Fixtures.liveShipmentsAtCarrier(orderId));
        assertEquals(List.of("cancelled"), Fixtures.carrierShipmentStatuses(orderId));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath mine = Fixtures.shipments(orderId);
            assertEquals("CANCELLED", mine.getString("[0].status"));
            assertFalse(mine.getBoolean("[0].live"));
            assertTrue(mine.getBoolean("[0].settled"));
            assertTrue(Fixtures.shipmentsCounter("cancelled") > cancelledBefore);
        });
    }

    @Test
    void aCancellationDeliveredTwiceOrRepeatedSettlesOnce() {
        UUID orderId = UUID.randomUUID();
        Fixtures.publish(paymentCaptured(orderId, ADDRESS));
        Fixtures.await(probe, orderId, EventType.SHIPMENT_SCHEDULED);

        OrderCancellationRequested cancel = cancellation(orderId);
        UUID eventId = UUID.randomUUID();
        Fixtures.publish(cancel, eventId, null);
        Fixtures.publish(cancel, eventId, null); // redelivery
        Fixtures.publish(cancel); // a second request (new event id)
        Fixtures.await(probe, orderId, EventType.SHIPPING_SETTLED);

        Fixtures.publish(cancel); // after the settlement too
        Fixtures.awaitHandled(probe, orderId, Topics.ORDERS);
        assertEquals(1, Fixtures.count(probe, orderId, EventType.SHIPPING_SETTLED, Duration.ofMillis(500)));
        assertEquals(List.of("cancelled"), Fixtures.carrierShipmentStatuses(orderId));
    }

    @Test
    void cancelOfAFailedShipmentSettlesWithNothingUndone() {
        UUID orderId = UUID.randomUUID();
        Fixtures.publish(paymentCaptured(orderId, UNDELIVERABLE));
        Fixtures.await(probe, orderId, EventType.SHIPMENT_FAILED);

        Fixtures.publish(cancellation(orderId));
        ShippingSettled settled = Fixtures.await(probe, orderId, EventType.SHIPPING_SETTLED);
        assertNull(settled.cancelledTrackingNumber());
        JsonPath mine = Fixtures.shipments(orderId);
        assertEquals("FAILED", mine.getString("[0].status"));
        assertTrue(mine.getBoolean("[0].settled"));
    }

    @Test
    void paymentAndCancellationBackToBackEndSettledWithNoLiveShipment() {
        UUID orderId = UUID.randomUUID();
        Fixtures.publish(paymentCaptured(orderId, ADDRESS));
        Fixtures.publish(cancellation(orderId));
        assertSettledOnceWithNothingLive(orderId);
    }

    @Test
    void cancellationAndPaymentBackToBackEndSettledWithNoLiveShipment() {
        UUID orderId = UUID.randomUUID();
        Fixtures.publish(cancellation(orderId));
        Fixtures.publish(paymentCaptured(orderId, ADDRESS));
        assertSettledOnceWithNothingLive(orderId);
        assertEquals(List.of(), Fixtures.carrierShipmentStatuses(orderId));
    }

    /** Whichever arrived first: one settlement, nothing live at the carrier or in our view, nothing pending. */
    private static void assertSettledOnceWithNothingLive(UUID orderId) {
        ShippingSettled settled = Fixtures.await(probe, orderId, EventType.SHIPPING_SETTLED);
        Fixtures.awaitHandled(probe, orderId, Topics.PAYMENTS);
        Fixtures.awaitHandled(probe, orderId, Topics.ORDERS);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath mine = Fixtures.shipments(orderId);
            assertTrue(mine.getBoolean("[0].settled"));
            assertFalse(mine.getBoolean("[0].live"));
        });
        assertEquals(0, Fixtures.liveShipmentsAtCarrier(orderId));
        assertEquals(1, Fixtures.count(probe, orderId, EventType.SHIPPING_SETTLED, Duration.ofMillis(500)));
        List<String> carrier = Fixtures.carrierShipmentStatuses(orderId);
        assertTrue(carrier.isEmpty() || carrier.equals(List.of("cancelled")), "carrier: " + carrier);
        // the settlement names the tracking number exactly when a booking was undone
        assertEquals(carrier.isEmpty(), settled.cancelledTrackingNumber() == null, "carrier: " + carrier);
    }
}
