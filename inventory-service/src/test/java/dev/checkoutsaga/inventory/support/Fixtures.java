package dev.checkoutsaga.inventory.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.OrderLine;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.OrderPlaced;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.SagaTestEvents;
import dev.checkoutsaga.testkit.TestInfra;
import dev.checkoutsaga.testkit.TestTokens;
import io.restassured.http.ContentType;

/** Test helpers: seed products over the API, publish saga events as order-service would, read results. */
public final class Fixtures {
    public static final Duration WAIT = Duration.ofSeconds(30);
    public static final ShippingAddress ADDRESS = new ShippingAddress("Ada Lovelace", "1 Main St", null, "London",
            "N1 1AA", "GB");

    private Fixtures() {
    }

    public static String bootstrap() {
        return TestInfra.get().kafka().bootstrapServers();
    }

    /** A SKU no other test uses. */
    public static String newSku(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates or updates a product over the API (price 1000 EUR minor units). */
    public static void seed(String sku, int available) {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Product " + sku, "price", 1000, "currency", "EUR", "available", available))
                .put("/products/{sku}", sku)
                .then().statusCode(anyOf(is(200), is(201)));
    }

    /** available, reserved, sold of a product as GET /products/{sku} shows them. */
    public static List<Integer> stock(String sku) {
        var json = given().get("/products/{sku}", sku).then().statusCode(200).extract().jsonPath();
        return List.of(json.getInt("available"), json.getInt("reserved"), json.getInt("sold"));
    }

    public static OrderLine line(String sku, int quantity) {
        return new OrderLine(sku, quantity, new Money(1000, "EUR"));
    }

    public static OrderPlaced orderPlaced(UUID orderId, OrderLine... lines) {
        Money total = Money.zero("EUR");
        for (OrderLine l : lines) {
            total = total.plus(l.lineTotal());
        }
        return new OrderPlaced(orderId, "customer-1", List.of(lines), total, ADDRESS, "tok_visa",
                Instant.now().plusSeconds(600));
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
     * Waits until inventory has handled every event published so far for this order, even events
     * that emit nothing: publishes a marker order on the same partition (same consumer, handled in
     * order) and waits for the marker's answer.
     */
    public static void awaitHandled(KafkaProbe probe, UUID orderId) {
        UUID marker = SagaTestEvents.markerOnSamePartition(orderId);
        publish(orderPlaced(marker, line("marker-unknown-sku", 1)));
        probe.await(marker.toString(), EventType.STOCK_REJECTED.ceType(), WAIT);
    }


    public static KafkaProbe inventoryProbe() {
        return KafkaProbe.subscribe(bootstrap(), Topics.INVENTORY);
    }

    public static void createTopics() {
        TestInfra.get().kafka().createTopics(Topics.ORDERS, Topics.INVENTORY);
    }
}
