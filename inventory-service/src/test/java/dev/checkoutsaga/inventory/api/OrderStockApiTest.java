package dev.checkoutsaga.inventory.api;

import static dev.checkoutsaga.inventory.support.Fixtures.line;
import static dev.checkoutsaga.inventory.support.Fixtures.orderPlaced;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.inventory.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.KeysetPages;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/** What the audit reads from inventory: its record of every order, and every product, page by page. */
@QuarkusTest
class OrderStockApiTest {
    private static KafkaProbe probe;

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
    void everyOrderInventoryHasDecidedIsListedOnceWithItsStatusAndLines() {
        String sku = Fixtures.newSku("FEED");
        Fixtures.seed(sku, 10);
        List<UUID> reserved = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID id : reserved) {
            Fixtures.publish(orderPlaced(id, line(sku, 2)));
        }
        UUID rejected = UUID.randomUUID();
        Fixtures.publish(orderPlaced(rejected, line(sku, 50)));
        reserved.forEach(id -> Fixtures.await(probe, id, EventType.STOCK_RESERVED));
        Fixtures.await(probe, rejected, EventType.STOCK_REJECTED);

        List<Map<String, Object>> all = KeysetPages.readAll(() -> given().auth().oauth2(TestTokens.auditor()), "/order-stock", 2);
        assertEquals(all.size(), all.stream().map(o -> o.get("orderId")).distinct().count(), "each order once");
        for (UUID id : reserved) {
            Map<String, Object> record = byOrder(all, id);
            assertEquals("RESERVED", record.get("status"));
            assertEquals(List.of(Map.of("sku", sku, "quantity", 2)), record.get("lines"));
        }
        assertEquals("REJECTED", byOrder(all, rejected).get("status"));
        assertEquals(List.of(), byOrder(all, rejected).get("lines"), "a rejected order holds nothing");
    }

    private static Map<String, Object> byOrder(List<Map<String, Object>> all, UUID id) {
        return all.stream().filter(o -> id.toString().equals(o.get("orderId"))).findFirst()
                .orElseThrow(() -> new AssertionError("order " + id + " not listed"));
    }

    @Test
    void onlyTheAuditAndTheBackOfficeReadTheOrdersAndABadCursorIsA400() {
        given().get("/order-stock").then().statusCode(401);
        given().auth().oauth2(TestTokens.customer("c-1")).get("/order-stock").then().statusCode(403);
        given().auth().oauth2(TestTokens.admin()).get("/order-stock").then().statusCode(200);
        KeysetPages.assertForeignCursorRejected(() -> given().auth().oauth2(TestTokens.auditor()), "/order-stock");
    }

    @Test
    void productsArePagedBySkuWithAfter() {
        String prefix = "PAGE-" + UUID.randomUUID().toString().substring(0, 6);
        for (String s : List.of("a", "b", "c")) {
            Fixtures.seed(prefix + "-" + s, 1);
        }
        List<String> page = given().queryParam("limit", 2).queryParam("after", prefix + "-a").get("/products")
                .then().statusCode(200).extract().jsonPath().getList("sku");
        assertEquals(List.of(prefix + "-b", prefix + "-c"), page, "the two SKUs after " + prefix + "-a, in order");
        List<String> rest = given().queryParam("after", prefix + "-c").get("/products").then().statusCode(200)
                .extract().jsonPath().getList("sku");
        assertTrue(rest.stream().allMatch(s -> s.compareTo(prefix + "-c") > 0), rest.toString());
        // no SKU can have a control character: 400 naming nothing more than the parameter, never a 500
        given().urlEncodingEnabled(false).queryParam("after", "a%00b").get("/products").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
