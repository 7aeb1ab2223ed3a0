package dev.checkoutsaga.payment.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
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
        TestInfra.get().kafka().createTopics(Topics.ORDERS, Topics.INVENTORY, Topics.PAYMENTS);
    }

    public static KafkaProbe paymentsProbe() {
        return KafkaProbe.subscribe(bootstrap(), Topics.PAYMENTS);
    }

    /** StockReserved as inventory forwards it: with the card token order-service sealed for this order. */
    public static StockReserved stockReserved(UUID orderId, String token) {
        return new StockReserved(orderId, List.of(new StockLine("MUG", 2)), TOTAL, TestPaymentTokens.sealed(orderId, token),
                ADDRESS);
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
     * provider, and waits for that answer. Markers: on checkout.inventory a StockReserved with a zero
     * total (declined at once), on checkout.orders a cancellation of an unknown order (tombstone).
     */
    public static void awaitHandled(KafkaProbe probe, UUID orderId, String topic) {
        UUID marker = SagaTestEvents.markerOnSamePartition(orderId);
        if (Topics.INVENTORY.equals(topic)) {
            publish(new StockReserved(marker, List.of(), new Money(0, "EUR"), TestPaymentTokens.sealed(marker, "tok_visa"), ADDRESS));
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
