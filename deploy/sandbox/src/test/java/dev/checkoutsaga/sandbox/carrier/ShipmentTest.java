package dev.checkoutsaga.sandbox.carrier;

import static dev.checkoutsaga.sandbox.support.Api.cancelShipment;
import static dev.checkoutsaga.sandbox.support.Api.ledger;
import static dev.checkoutsaga.sandbox.support.Api.newKey;
import static dev.checkoutsaga.sandbox.support.Api.ship;
import static dev.checkoutsaga.sandbox.support.Api.shipmentBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.sandbox.idempotency.Idempotency;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class ShipmentTest {

    @Test
    void aDeliverableAddressIsBookedWithATrackingNumber() {
        UUID orderId = UUID.randomUUID();
        String id = ship(orderId).then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern("shp_[A-Za-z0-9]{24}"))
                .body("object", equalTo("shipment"))
                .body("status", equalTo("booked"))
                .body("carrier", equalTo("SandboxPost"))
                .body("trackingNumber", matchesPattern("SP[A-Z0-9]{12}"))
                .body("orderId", equalTo(orderId.toString()))
                .body("keySet()", containsInAnyOrder("id", "object", "status", "carrier", "trackingNumber", "orderId", "created"))
                .extract().path("id");
        given().when().get("/v1/shipments/{id}", id).then().statusCode(200).body("status", equalTo("booked"));
        ledger(orderId).then().body("shipments.size()", equalTo(1)).body("liveShipments", equalTo(1));
    }

    @Test
    void postalCode00000IsUndeliverable422RecordedNowhereAndReplayed() {
        UUID orderId = UUID.randomUUID();
        String key = newKey();
        String body = shipmentBody(orderId, "00000");
        Response first = ship(key, body);
        first.then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Unprocessable Content"))
                .body("status", equalTo(422))
                .body("detail", equalTo("address not deliverable"))
                .body("errors[0].field", equalTo("address.postalCode"))
                .body("errors[0].message", equalTo("not deliverable"));
        Response second = ship(key, body);
        second.then().statusCode(422).contentType("application/problem+json").header(Idempotency.REPLAYED_HEADER, "true");
        assertEquals(first.asString(), second.asString());
        ledger(orderId).then().body("shipments.size()", equalTo(0)).body("liveShipments", equalTo(0));
    }

    @Test
    void cancellingIsIdempotentAndEndsTheLiveShipment() {
        UUID orderId = UUID.randomUUID();
        String id = ship(orderId).then().statusCode(201).extract().path("id");
        Response first = cancelShipment(id);
        first.then().statusCode(200).body("id", equalTo(id)).body("status", equalTo("cancelled"));
        Response again = cancelShipment(id);
        again.then().statusCode(200).body("status", equalTo("cancelled"));
        assertEquals(first.asString(), again.asString());
        ledger(orderId).then().body("shipments.size()", equalTo(1)).body("liveShipments", equalTo(0));
    }

    @Test
    void cancellingWithAKeyReplaysTheFirstAnswer() {
        String id = ship(UUID.randomUUID()).then().statusCode(201).extract().path("id");
        String key = newKey();
        given().header("Idempotency-Key", key).when().post("/v1/shipments/{id}/cancel", id).then()
                .statusCode(200).body("status", equalTo("cancelled"));
        given().header("Idempotency-Key", key).when().post("/v1/shipments/{id}/cancel", id).then()
                .statusCode(200).header(Idempotency.REPLAYED_HEADER, "true").body("status", equalTo("cancelled"));
    }

    @Test
    void cancellingAnUnknownShipmentIs404() {
        cancelShipment("shp_nope").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/v1/shipments/{id}", "shp_nope").then().statusCode(404);
    }

    @Test
    void missingIdempotencyKeyIsA400NamingTheHeader() {
        given().contentType(ContentType.JSON).body(shipmentBody(UUID.randomUUID(), "SW1A 1AA"))
                .when().post("/v1/shipments").then()
                .statusCode(400)
                .body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void anInvalidAddressIsA400NamingTheFields() {
        ship(newKey(), """
                {"orderId": "%s", "address": {"name": "", "line1": "x", "city": "y", "postalCode": "1", "country": "gb"},
                 "parcels": [{"sku": "SKU-1", "quantity": 0}]}
                """.formatted(UUID.randomUUID())).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("address.name"))
                .body("errors.field", hasItem("address.country"))
                .body("errors.field", hasItem("parcels[0].quantity"));
    }
}
