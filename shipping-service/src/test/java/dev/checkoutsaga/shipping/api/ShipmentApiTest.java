package dev.checkoutsaga.shipping.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The read API's answers for what does not exist and for bad input (the happy reads are in the saga tests). */
@QuarkusTest
@Order(3)
class ShipmentApiTest {

    @Test
    void anUnknownShipmentIsA404Problem() {
        given().get("/shipments/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404))
                .body("detail", containsString("not found"));
    }

    @Test
    void aShipmentIdThatIsNotAUuidIsA404Problem() {
        given().get("/shipments/{id}", "not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void listingAnOrderShippingNeverSawIsEmpty() {
        given().queryParam("orderId", UUID.randomUUID().toString()).get("/shipments").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void listingWithoutOrderIdIsA400NamingIt() {
        given().get("/shipments").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("orderId"));
    }

    @Test
    void listingWithAnOrderIdThatIsNotAUuidIsA400NamingIt() {
        given().queryParam("orderId", "42").get("/shipments").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("orderId"));
    }
}
