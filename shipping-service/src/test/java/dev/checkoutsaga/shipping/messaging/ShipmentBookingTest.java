package dev.checkoutsaga.shipping.messaging;

import static dev.checkoutsaga.shipping.support.Fixtures.ADDRESS;
import static dev.checkoutsaga.shipping.support.Fixtures.UNDELIVERABLE;
import static dev.checkoutsaga.shipping.support.Fixtures.WAIT;
import static dev.checkoutsaga.shipping.support.Fixtures.paymentCaptured;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.checkoutsaga.events.SagaEvent.PaymentCaptured;
import dev.checkoutsaga.events.SagaEvent.ShipmentFailed;
import dev.checkoutsaga.events.SagaEvent.ShipmentScheduled;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.shipping.support.Fixtures;
import dev.checkoutsaga.shipping.client.CarrierClient;
import dev.checkoutsaga.shipping.domain.ShippingSaga;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.SandboxResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** PaymentCaptured books exactly one shipment at the (real) carrier sandbox, whatever is redelivered or lost. */
@QuarkusTest
@Order(1)
class ShipmentBookingTest {

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
    void aPaidOrderIsBookedOnceAndShipmentScheduledCarriesTheTrackingNumberInTheOrdersTrace() {
        UUID orderId = UUID.randomUUID();
        double scheduledBefore = Fixtures.shipmentsCounter("scheduled");
        String traceParent = KafkaProbe.newTraceParent();
        Fixtures.publish(paymentCaptured(orderId, ADDRESS), UUID.randomUUID(), traceParent);

        ConsumerRecord<String, byte[]> record = probe.await(orderId.toString(), EventType.SHIPMENT_SCHEDULED.ceType(), WAIT);
        ShipmentScheduled scheduled = (ShipmentScheduled) EventCodec.fromJson(EventType.SHIPMENT_SCHEDULED, record.value());
        assertEquals(ShippingSaga.shipmentIdFor(orderId), scheduled.shipmentId());
        assertEquals("SandboxPost", scheduled.carrier());
        assertNotNull(scheduled.trackingNumber());
        assertEquals(TraceContexts.traceIdOf(traceParent), TraceContexts.traceIdOf(KafkaProbe.header(record, "traceparent")),
                "the event emitted by the booking step joins the trace of the PaymentCaptured that caused it");

        // the carrier's books: exactly one live shipment, the one we announced
        JsonPath ledger = Fixtures.ledger(orderId);
        assertEquals(1, ledger.getInt("liveShipments"));
        assertEquals(List.of(scheduled.trackingNumber()), ledger.getList("shipments.trackingNumber"));

        // our view agrees
        JsonPath mine = Fixtures.shipments(orderId);
        assertEquals(1, mine.getList("$").size());
        assertEquals("SCHEDULED", mine.getString("[0].status"));
        assertTrue(mine.getBoolean("[0].live"));
        assertEquals(scheduled.trackingNumber(), mine.getString("[0].trackingNumber"));
        assertEquals(ledger.getString("shipments[0].id"), mine.getString("[0].carrierShipmentId"));
        assertFalse(mine.getBoolean("[0].settled"));

        Fixtures.operator().get("/shipments/{id}", scheduled.shipmentId()).then().statusCode(200).contentType(ContentType.JSON)
                .body("orderId", org.hamcrest.Matchers.equalTo(orderId.toString()))
                .body("carrier", org.hamcrest.Matchers.equalTo("SandboxPost"))
                .body("live", org.hamcrest.Matchers.equalTo(true));
        await().atMost(WAIT).untilAsserted(() -> assertTrue(Fixtures.shipmentsCounter("scheduled") > scheduledBefore,
                "shipping_shipments_total{outcome=scheduled} counts the booking"));
    }

    @Test
    void anUndeliverableAddressFailsTheShipmentAndBooksNothing() {
        UUID orderId = UUID.randomUUID();
        double failedBefore = Fixtures.shipmentsCounter("failed");
        Fixtures.publish(paymentCaptured(orderId, UNDELIVERABLE));

        ShipmentFailed failed = Fixtures.await(probe, orderId, EventType.SHIPMENT_FAILED);
        assertTrue(failed.reason().contains("not deliverable"), failed.reason());
        assertEquals(0, Fixtures.liveShipmentsAtCarrier(orderId));
        assertEquals(List.of(), Fixtures.carrierShipmentStatuses(orderId));

        JsonPath mine = Fixtures.shipments(orderId);
        assertEquals("FAILED", mine.getString("[0].status"));
        assertFalse(mine.getBoolean("[0].live"));
        assertEquals(failed.reason(), mine.getString("[0].failureReason"));
        assertEquals(0, Fixtures.count(probe, orderId, EventType.SHIPMENT_SCHEDULED, Duration.ZERO));
        await().atMost(WAIT).untilAsserted(() -> assertTrue(Fixtures.shipmentsCounter("failed") > failedBefore));
    }

    /**
     * The order's deadline travels with PaymentCaptured: a booking is not started for an order past
     * it. The shipment waits EXPIRED, the carrier is never asked, and the cancellation the deadline
     * brings (order-service's deadline job) settles it with nothing to cancel.
     */
    @Test
    void aPaymentCapturedPastTheOrdersDeadlineBooksNothingAndTheCancellationSettlesIt() {
        UUID orderId = UUID.randomUUID();
        PaymentCaptured onTime = paymentCaptured(orderId, ADDRESS);
        Fixtures.publish(new PaymentCaptured(orderId, onTime.paymentId(), onTime.amount(), ADDRESS,
                java.time.Instant.now().minusSeconds(1)));

        await().atMost(WAIT).ignoreExceptions().until(() -> "EXPIRED".equals(Fixtures.shipments(orderId).getString("[0].status")));
        assertEquals(List.of(), Fixtures.carrierShipmentStatuses(orderId), "the carrier was never asked");
        assertEquals(0, Fixtures.count(probe, orderId, EventType.SHIPMENT_SCHEDULED, Duration.ZERO));
        assertEquals(0, Fixtures.count(probe, orderId, EventType.SHIPMENT_FAILED, Duration.ZERO));

        Fixtures.publish(Fixtures.cancellation(orderId));
        dev.checkoutsaga.events.SagaEvent.ShippingSettled settled = Fixtures.await(probe, orderId, EventType.SHIPPING_SETTLED);
        assertEquals(null, settled.cancelledTrackingNumber(), "nothing was booked, nothing to cancel");
    }

    @Test
    void thePaymentCapturedDeliveredAgainWithTheSameOrANewEventIdBooksOnlyOnce() {
        UUID orderId = UUID.randomUUID();
        PaymentCaptured captured = paymentCaptured(orderId, ADDRESS);
        UUID eventId = UUID.randomUUID();
        Fixtures.publish(captured, eventId, null);
        Fixtures.publish(captured, eventId, null); // redelivery: the inbox drops it
        Fixtures.publish(captured); // same fact, new event id: ignored by state

        Fixtures.await(probe, orderId, EventType.SHIPMENT_SCHEDULED);
        Fixtures.awaitHandled(probe, orderId, Topics.PAYMENTS);
        // nothing left to run for the order: a second booking step would have to exist by now
        await().atMost(WAIT).untilAsserted(() -> assertEquals("SCHEDULED", Fixtures.shipments(orderId).getString("[0].status")));

        assertEquals(1, Fixtures.count(probe, orderId, EventType.SHIPMENT_SCHEDULED, Duration.ofMillis(500)));
        assertEquals(List.of("booked"), Fixtures.carrierShipmentStatuses(orderId));
        assertEquals(1, Fixtures.shipments(orderId).getList("$").size());
    }

    /**
     * "Crash between the carrier's answer and the commit": the booking reached the carrier (made
     * here with the service's deterministic idempotency key and body) but its answer was lost.
     * The service's step replays the same key, learns the booking and announces it: still one.
     */
    @Test
    void aBookingWhoseAnswerWasLostIsRecoveredWithoutBookingTwice() {
        UUID orderId = UUID.randomUUID();
        String key = ShippingSaga.bookingKey(ShippingSaga.shipmentIdFor(orderId));
        String trackingNumber = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(CarrierClient.bookingRequest(orderId, ADDRESS))
                .post(SandboxResource.url() + "/v1/shipments")
                .then().statusCode(201).extract().jsonPath().getString("trackingNumber");

        Fixtures.publish(paymentCaptured(orderId, ADDRESS));

        ShipmentScheduled scheduled = Fixtures.await(probe, orderId, EventType.SHIPMENT_SCHEDULED);
        assertEquals(trackingNumber, scheduled.trackingNumber(), "the lost booking, not a new one");
        assertEquals(List.of("booked"), Fixtures.carrierShipmentStatuses(orderId));
        assertEquals(1, Fixtures.liveShipmentsAtCarrier(orderId));
    }
}
