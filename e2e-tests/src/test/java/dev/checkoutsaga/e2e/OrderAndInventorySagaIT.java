package dev.checkoutsaga.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.TestInfra;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * order-service and inventory-service as separate processes: the first half of the saga across a
 * real Kafka hop, through both outboxes, in one trace.
 */
class OrderAndInventorySagaIT {
    private static SagaStack stack;
    private static KafkaProbe probe;

    @BeforeAll
    static void startStack() {
        stack = SagaStack.start();
        probe = KafkaProbe.subscribe(TestInfra.get().kafka().bootstrapServers(), Topics.ORDERS, Topics.INVENTORY);
    }

    @AfterAll
    static void stopStack() {
        if (probe != null) {
            probe.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static String newSku() {
        return "E2E-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void product(String sku, long price, int available) {
        given().baseUri(stack.inventory.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("name", "Test " + sku, "price", price, "currency", "EUR", "available", available))
                .put("/products/{sku}", sku)
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    private static String placeOrder(String sku, int quantity, String traceParent) {
        String body = """
                {"customerId":"c-42","items":[{"sku":"%s","quantity":%d}],
                 "shippingAddress":{"name":"Ada Lovelace","line1":"1 Main St","city":"London","postalCode":"N1 9GU","country":"GB"},
                 "paymentToken":"tok_visa"}""".formatted(sku, quantity);
        return given().baseUri(stack.order.baseUrl()).contentType(ContentType.JSON)
                .header("traceparent", traceParent)
                .body(body)
                .post("/orders")
                .then().statusCode(202)
                .extract().path("id");
    }

    private static JsonPath order(String id) {
        return given().baseUri(stack.order.baseUrl()).get("/orders/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath productOf(String sku) {
        return given().baseUri(stack.inventory.baseUrl()).get("/products/{sku}", sku).then().statusCode(200)
                .extract().jsonPath();
    }

    private static String traceIdOf(ConsumerRecord<String, byte[]> record) {
        String traceParent = KafkaProbe.header(record, "traceparent");
        return traceParent == null ? null : traceParent.split("-")[1];
    }

    @Test
    void anOrderPlacedOverRestIsReservedByInventoryWithinOneTrace() {
        String sku = newSku();
        product(sku, 1999, 5);
        String traceParent = KafkaProbe.newTraceParent();
        String traceId = traceParent.split("-")[1];

        String id = placeOrder(sku, 2, traceParent);

        ConsumerRecord<String, byte[]> placed = probe.await(id, EventType.ORDER_PLACED.ceType(), Duration.ofSeconds(30));
        ConsumerRecord<String, byte[]> reserved = probe.await(id, EventType.STOCK_RESERVED.ceType(), Duration.ofSeconds(30));
        assertEquals(traceId, traceIdOf(placed), "OrderPlaced continues the client's trace");
        assertEquals(traceId, traceIdOf(reserved), "StockReserved joins the same trace across the Kafka hop");

        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals("STOCK_RESERVED", order(id).getString("status")));
        JsonPath p = productOf(sku);
        assertEquals(3, p.getInt("available"));
        assertEquals(2, p.getInt("reserved"));
        assertEquals(3998, order(id).getLong("total.amount"));
    }

    @Test
    void anOrderForMoreThanIsInStockIsRejectedAndTheOrderIsCancelling() {
        String sku = newSku();
        product(sku, 500, 1);

        String id = placeOrder(sku, 2, KafkaProbe.newTraceParent());

        probe.await(id, EventType.STOCK_REJECTED.ceType(), Duration.ofSeconds(30));
        probe.await(id, EventType.ORDER_CANCELLATION_REQUESTED.ceType(), Duration.ofSeconds(30));
        probe.await(id, EventType.INVENTORY_SETTLED.ceType(), Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath o = order(id);
            assertEquals("CANCELLING", o.getString("status"));
            assertEquals("OUT_OF_STOCK", o.getString("reason"));
        });
        JsonPath p = productOf(sku);
        assertEquals(1, p.getInt("available"));
        assertEquals(0, p.getInt("reserved"));
    }

    @Test
    void aCustomerCancelAfterReservationReleasesTheStock() {
        String sku = newSku();
        product(sku, 700, 4);
        String id = placeOrder(sku, 3, KafkaProbe.newTraceParent());
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertEquals("STOCK_RESERVED", order(id).getString("status")));

        given().baseUri(stack.order.baseUrl()).post("/orders/{id}/cancel", id)
                .then().statusCode(202).body("status", equalTo("CANCELLING"));

        probe.await(id, EventType.INVENTORY_SETTLED.ceType(), Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath p = productOf(sku);
            assertEquals(4, p.getInt("available"));
            assertEquals(0, p.getInt("reserved"));
        });
    }
}
