package dev.checkoutsaga.shipping.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.UUID;


import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.SagaEvent.PaymentCaptured;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.SagaTestEvents;
import dev.checkoutsaga.testkit.SandboxResource;
import dev.checkoutsaga.testkit.TestInfra;
import io.restassured.path.json.JsonPath;

/** Test helpers: publish saga events as payment-service and order-service would, read results. */
public final class Fixtures {

    /** A shipping operator's request (test key, platform/testkit TestTokens): the shipment reads need the role. */
    public static io.restassured.specification.RequestSpecification operator() {
        return given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.of("test-shipping-operator", "shipping-operator"));
    }

    public static final Duration WAIT = Duration.ofSeconds(30);
    public static final ShippingAddress ADDRESS = new ShippingAddress("Ada Lovelace", "1 Main St", null, "London",
            "N1 1AA", "GB");
    /** The sandbox never delivers to postal code 00000. */
    public static final ShippingAddress UNDELIVERABLE = new ShippingAddress("Nobody", "1 Nowhere Rd", "Flat 0",
            "London", "00000", "GB");

    private Fixtures() {
    }

    public static String bootstrap() {
        return TestInfra.get().kafka().bootstrapServers();
    }

    public static void createTopics() {
        TestInfra.get().kafka().createTopics(Topics.ORDERS, Topics.PAYMENTS, Topics.SHIPPING);
    }

    public static KafkaProbe shippingProbe() {
        return KafkaProbe.subscribe(bootstrap(), Topics.SHIPPING);
    }

    public static PaymentCaptured paymentCaptured(UUID orderId, ShippingAddress address) {
        return new PaymentCaptured(orderId, UUID.randomUUID(), new Money(3998, "EUR"), address);
    }

    public static OrderCancellationRequested cancellation(UUID orderId) {
        return new OrderCancellationRequested(orderId, CancellationReason.CUSTOMER_CANCELLED, "test");
    }

    /** Publishes an event on its topic with a fresh event id; returns the id. */
    public static UUID publish(SagaEvent event) {
        return SagaTestEvents.publish(event);
    }

    public static void publish(SagaEvent event, UUID eventId, String traceParent) {
        SagaTestEvents.publish(event, eventId, traceParent);
    }

    public static <T extends SagaEvent> T await(KafkaProbe probe, UUID orderId, EventType type) {
        return SagaTestEvents.await(probe, orderId, type, WAIT);
    }

    /** How many records of this type the probe has seen for the order (after polling for {@code pollFor}). */
    public static long count(KafkaProbe probe, UUID orderId, EventType type, Duration pollFor) {
        return SagaTestEvents.count(probe, orderId, type, pollFor);
    }

    /**
     * Waits until shipping has handled every event published so far on {@code topic} for this
     * order, even events that change nothing: publishes a marker event for another order on the
     * same partition (same consumer, handled in order) and waits for the marker's answer. On
     * checkout.payments the marker is an undeliverable PaymentCaptured (answered by ShipmentFailed),
     * on checkout.orders a cancellation (answered by ShippingSettled).
     */
    public static void awaitHandled(KafkaProbe probe, UUID orderId, String topic) {
        UUID marker = SagaTestEvents.markerOnSamePartition(orderId);
        if (Topics.PAYMENTS.equals(topic)) {
            publish(paymentCaptured(marker, UNDELIVERABLE));
            probe.await(marker.toString(), EventType.SHIPMENT_FAILED.ceType(), WAIT);
        } else {
            publish(cancellation(marker));
            probe.await(marker.toString(), EventType.SHIPPING_SETTLED.ceType(), WAIT);
        }
    }


    /** The carrier's own books for the order ({@code GET /v1/ledger?orderId=} of the sandbox). */
    public static JsonPath ledger(UUID orderId) {
        // a full URL: RestAssured's default port is the service's test port
        return given().get(SandboxResource.url() + "/v1/ledger?orderId=" + orderId)
                .then().statusCode(200).extract().jsonPath();
    }

    public static int liveShipmentsAtCarrier(UUID orderId) {
        return ledger(orderId).getInt("liveShipments");
    }

    public static List<String> carrierShipmentStatuses(UUID orderId) {
        return ledger(orderId).getList("shipments.status");
    }

    /**
     * The value of {@code shipping_shipments_total{outcome=...}} on /q/metrics (0 if absent); the
     * line may go on with an OpenMetrics exemplar (the trace of the increment).
     */
    public static double shipmentsCounter(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^shipping_shipments_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\} ([0-9.eE+-]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** shipping's own view of the order ({@code GET /shipments?orderId=}). */
    public static JsonPath shipments(UUID orderId) {
        return Fixtures.operator().queryParam("orderId", orderId.toString()).get("/shipments").then().statusCode(200).extract()
                .jsonPath();
    }
}
