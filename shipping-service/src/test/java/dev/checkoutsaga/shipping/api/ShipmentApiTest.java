package dev.checkoutsaga.shipping.api;

import dev.checkoutsaga.shipping.support.Fixtures;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.KeysetPages;
import io.quarkus.test.junit.QuarkusTest;

/** The read API's answers for what does not exist and for bad input (the happy reads are in the saga tests). */
@QuarkusTest
@Order(3)
class ShipmentApiTest implements dev.checkoutsaga.testkit.ApiDatabaseTests {

    @Test
    void anUnknownShipmentIsA404Problem() {
        Fixtures.operator().get("/shipments/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404))
                .body("detail", containsString("not found"));
    }

    @Test
    void aShipmentIdThatIsNotAUuidIsA404Problem() {
        Fixtures.operator().get("/shipments/{id}", "not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void listingAnOrderShippingNeverSawIsEmpty() {
        Fixtures.operator().queryParam("orderId", UUID.randomUUID().toString()).get("/shipments").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void listingWithoutOrderIdIsA400NamingIt() {
        Fixtures.operator().get("/shipments").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("orderId"));
    }

    @Test
    void listingWithAnOrderIdThatIsNotAUuidIsA400NamingIt() {
        Fixtures.operator().queryParam("orderId", "42").get("/shipments").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("orderId"));
    }

    @Test
    void shipmentsAreReadOnlyWithTheShippingOperatorsOrTheAuditsRole() {
        String query = "/shipments?orderId=" + UUID.randomUUID();
        io.restassured.RestAssured.given().get(query).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        io.restassured.RestAssured.given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.customer("c-1")).get(query)
                .then().statusCode(403).contentType("application/problem+json");
        io.restassured.RestAssured.given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.of("x", "payments-operator"))
                .get(query).then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.of("checkout-audit", "auditor"))
                .get(query).then().statusCode(200);
        Fixtures.operator().get(query).then().statusCode(200);
    }

    @Test
    void everyShipmentRecordIsListedOncePageByPageForTheAudit() {
        List<UUID> orders = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID tombstone = UUID.randomUUID();
        Fixtures.createTopics();
        try (KafkaProbe probe = Fixtures.shippingProbe()) {
            orders.forEach(id -> Fixtures.publish(Fixtures.paymentCaptured(id, Fixtures.ADDRESS)));
            Fixtures.publish(Fixtures.cancellation(tombstone)); // cancelled before it was paid
            orders.forEach(id -> Fixtures.await(probe, id, EventType.SHIPMENT_SCHEDULED));
            Fixtures.await(probe, tombstone, EventType.SHIPPING_SETTLED);
        }
        List<Map<String, Object>> all = KeysetPages.readAll(Fixtures::operator, "/shipments/all", 2);
        assertEquals(all.size(), all.stream().map(r -> r.get("orderId")).distinct().count(), "each order once");
        for (UUID id : orders) {
            assertEquals(true, byOrder(all, id).get("live"), "scheduled at the carrier");
        }
        assertEquals("TOMBSTONE", byOrder(all, tombstone).get("status"));
        assertEquals(false, byOrder(all, tombstone).get("live"));
        KeysetPages.assertForeignCursorRejected(Fixtures::operator, "/shipments/all");
        io.restassured.RestAssured.given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.customer("c-1"))
                .get("/shipments/all").then().statusCode(403);
        io.restassured.RestAssured.given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.auditor())
                .get("/shipments/all").then().statusCode(200);
    }

    private static Map<String, Object> byOrder(List<Map<String, Object>> all, UUID id) {
        return all.stream().filter(r -> id.toString().equals(r.get("orderId"))).findFirst()
                .orElseThrow(() -> new AssertionError("order " + id + " not listed"));
    }

    @Override
    public String tableTheReadNeeds() {
        return "shipment";
    }

    @Override
    public io.restassured.response.Response readThroughApi() {
        return Fixtures.operator().queryParam("orderId", UUID.randomUUID().toString()).get("/shipments");
    }
}
