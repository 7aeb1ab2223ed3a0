package dev.checkoutsaga.payment.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;


import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.SagaEvent.StockReserved;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.SagaTestEvents;
import dev.checkoutsaga.testkit.SandboxResource;
import dev.checkoutsaga.testkit.TestInfra;
import dev.checkoutsaga.testkit.TestPaymentTokens;
import io.restassured.path.json.JsonPath;

/** Test helpers: publish saga events as inventory/order-service would, read payment's answers and the provider's ledger. */
public final class Fixtures {
    public static final Duration WAIT = Duration.ofSeconds(30);
    public static final Money TOTAL = new Money(3998, "EUR");
    public static final ShippingAddress ADDRESS = new ShippingAddress("Ada Lovelace", "1 Main St", null, "London",
            "N1 1AA", "GB");

    private Fixtures() {
    }

    public static String bootstrap() {
        return TestInfra.get().kafka().bootstrapServers();
    }

    public static void createTopics() {
        TestInfra.get().kafka().createTopics(Topics.ORDERS, CHARGE_TOPIC, Topics.PAYMENTS);
    }

    public static KafkaProbe paymentsProbe() {
        return KafkaProbe.subscribe(bootstrap(), Topics.PAYMENTS);
    }

    /**
     * The event that asks payment-service to charge an order: the one the step before payment publishes
     * in {@code SagaMap} (StockReserved). Tests build it only through the {@code chargeRequest} methods
     * and find its topic in {@link #CHARGE_TOPIC}, so that moving payment behind another step
     * (docs/adding-a-participant.md) changes this class alone.
     */
    public static final EventType CHARGE_REQUEST = EventType.STOCK_RESERVED;
    public static final String CHARGE_TOPIC = CHARGE_REQUEST.topic();

    /** The charge request as it arrives: with the card token order-service sealed for this order. */
    public static SagaEvent chargeRequest(UUID orderId, String token) {
        return chargeRequest(orderId, TOTAL, TestPaymentTokens.sealed(orderId, token), null);
    }

    /** A charge request carrying the order's deadline. */
    public static SagaEvent chargeRequest(UUID orderId, String token, Instant deadline) {
        return chargeRequest(orderId, TOTAL, TestPaymentTokens.sealed(orderId, token), deadline);
    }

    /** A charge request for another total (a good sealed card). */
    public static SagaEvent chargeRequestOf(UUID orderId, Money total) {
        return chargeRequest(orderId, total, TestPaymentTokens.sealed(orderId, "tok_visa"), null);
    }

    /** A charge request carrying {@code paymentToken} exactly as given (in the clear, or sealed for another order). */
    public static SagaEvent chargeRequestWithToken(UUID orderId, String paymentToken) {
        return chargeRequest(orderId, TOTAL, paymentToken, null);
    }

    private static SagaEvent chargeRequest(UUID orderId, Money total, String paymentToken, Instant deadline) {
        return new StockReserved(orderId, List.of(new StockLine("MUG", 2)), total, paymentToken, ADDRESS, deadline);
    }

    public static OrderCancellationRequested cancel(UUID orderId) {
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
     * Waits until payment-service has handled every event published so far for this order on
     * {@code topic}, even events that emit nothing: publishes a marker event for another order on
     * the same partition (same consumer, handled in order) that payment answers at once without the
     * provider, and waits for that answer. Markers: on the charge requests' topic one with a zero
     * total (declined at once), on checkout.orders a cancellation of an unknown order (tombstone).
     */
    public static void awaitHandled(KafkaProbe probe, UUID orderId, String topic) {
        UUID marker = SagaTestEvents.markerOnSamePartition(orderId);
        if (CHARGE_TOPIC.equals(topic)) {
            publish(chargeRequestOf(marker, new Money(0, "EUR")));
            probe.await(marker.toString(), EventType.PAYMENT_DECLINED.ceType(), WAIT);
        } else {
            publish(cancel(marker));
            probe.await(marker.toString(), EventType.PAYMENT_SETTLED.ceType(), WAIT);
        }
    }


    // ---- the provider (the real sandbox) ----

    /** The sandbox's books for one order: charges, refunds, captured, refunded, net. */
    public static JsonPath ledger(UUID orderId) {
        return given().baseUri(SandboxResource.url()).queryParam("orderId", orderId.toString())
                .get("/v1/ledger").then().statusCode(200).extract().jsonPath();
    }

    // ---- payment-service's API ----

    /** The order's payment as GET /payments/{id} shows it (its id is derived from the order id). */
    public static JsonPath payment(UUID orderId) {
        return Operators.operator().get("/payments/{id}", PaymentSaga.paymentIdFor(orderId))
                .then().statusCode(200).extract().jsonPath();
    }

    /**
     * Waits until no pending step is left (GET /saga/activity), so that a step left over by one
     * test (retrying in the background) can never reach the provider during the next one.
     */
    public static void awaitNoPendingSteps() {
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Operators.auditor().get("/saga/activity").then().statusCode(200).extract()
                .jsonPath().getInt("work.'steps.pending'") == 0);
    }
}
