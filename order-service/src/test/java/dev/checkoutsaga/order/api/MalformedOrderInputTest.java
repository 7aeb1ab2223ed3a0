package dev.checkoutsaga.order.api;

import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;


import dev.checkoutsaga.order.support.Orders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Malformed POST /orders requests beyond a bad field (those are {@link OrderValidationTest}'s): bodies
 * that are not a readable order, bad headers, a bad list filter. Every one is a 4xx problem+json, and
 * none places an order.
 */
@QuarkusTest
class MalformedOrderInputTest {
    private static final String PROBLEM = "application/problem+json";

    static Stream<Arguments> badRequests() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            deep.append('[');
        }
        return Stream.of(
                Arguments.of("not JSON", "{\"items\": [", 400),
                Arguments.of("trailing garbage", Orders.body() + " {}", 400),
                Arguments.of("a list as the body", "[]", 400),
                Arguments.of("null as the body", "null", 400),
                Arguments.of("deep nesting", "{\"items\":" + deep + "]".repeat(40) + "}", 400),
                Arguments.of("a body over 64 KiB", Orders.body().put("paymentToken", "t".repeat(70_000)).toString(), 413));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aMalformedRequestIsA4xxProblemAndPlacesNothing(String name, String body, int status) {
        String customer = Orders.newCustomer();
        Orders.as(customer).contentType(ContentType.JSON).body(body).post("/orders").then().statusCode(status)
                .contentType(PROBLEM);
        assertEquals(0, Orders.countFor(customer));
    }

    @org.junit.jupiter.api.Test
    void everyMalformedBodyOfTheCorpusIsA4xxProblemAndPlacesNothing() {
        for (dev.checkoutsaga.testkit.MalformedBodies.Variant v : dev.checkoutsaga.testkit.MalformedBodies.of(
                Orders.body().toString())) {
            String customer = Orders.newCustomer(); // a rate-limit budget of their own: each body reaches validation
            Response r = Orders.as(customer).contentType(ContentType.JSON).body(v.body()).post("/orders");
            dev.checkoutsaga.testkit.MalformedParameters.assertRejected(r.statusCode(), r.contentType(), r.asString(),
                    v.name());
            assertEquals(0, Orders.countFor(customer), v.name());
        }
    }

    @org.junit.jupiter.api.Test
    void badHeadersAreA4xxProblemAndPlaceNothing() {
        String customer = Orders.newCustomer();
        Response tab = Orders.as(customer).contentType(ContentType.JSON).header("Idempotency-Key", "key\twith-a-tab")
                .body(Orders.body().toString()).post("/orders");
        tab.then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("Idempotency-Key"));
        Orders.as(customer).contentType(ContentType.TEXT).body(Orders.body().toString()).post("/orders").then()
                .statusCode(415).contentType(PROBLEM);
        Response badAuth = io.restassured.RestAssured.given().header("Authorization", "Bearer not.a.jwt")
                .contentType(ContentType.JSON).body(Orders.body().toString()).post("/orders");
        badAuth.then().statusCode(401).contentType(PROBLEM);
        assertTrue(badAuth.header("WWW-Authenticate").startsWith("Bearer"));
        assertEquals(0, Orders.countFor(customer));
    }

    @org.junit.jupiter.api.Test
    void aControlCharacterInTheListFilterIsA400() {
        Orders.backOffice().queryParam("customerId", "c-\u0001").get("/orders").then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("customerId"));
    }

}
