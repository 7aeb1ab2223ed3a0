package dev.checkoutsaga.order.api;

import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.checkoutsaga.order.support.Orders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A corpus of malformed POST /orders requests: every one is a 4xx problem+json naming what is wrong
 * (when there is a field to name), and none places an order.
 */
@QuarkusTest
class MalformedOrderInputTest {
    private static final String PROBLEM = "application/problem+json";

    record Case(String name, Consumer<ObjectNode> change) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of(new Case("quantity as a string", b -> item(b).put("quantity", "2")), "items[0].quantity"),
                Arguments.of(new Case("fractional quantity", b -> item(b).put("quantity", 1.5)), "items[0].quantity"),
                Arguments.of(new Case("quantity beyond any int", b -> item(b).put("quantity", new java.math.BigInteger("99999999999999999999"))), "items[0].quantity"),
                Arguments.of(new Case("quantity as a boolean", b -> item(b).put("quantity", true)), "items[0].quantity"),
                Arguments.of(new Case("NUL in a name", b -> address(b).put("name", "Ada\u0000Lovelace")), "shippingAddress.name"),
                Arguments.of(new Case("a line feed in a city", b -> address(b).put("city", "Lon\ndon")), "shippingAddress.city"),
                Arguments.of(new Case("a C1 control in a token", b -> b.put("paymentToken", "tok_\u0085visa")), "paymentToken"),
                Arguments.of(new Case("a number for text", b -> b.put("paymentToken", 4242)), "paymentToken"),
                Arguments.of(new Case("an unknown field", b -> b.put("customerId", "someone-else")), "customerId"),
                Arguments.of(new Case("an unknown nested field", b -> address(b).put("floor", 3)), "shippingAddress.floor"),
                Arguments.of(new Case("an object for a list", b -> b.putObject("items")), "items"),
                Arguments.of(new Case("a sku too long", b -> item(b).put("sku", "S".repeat(65))), "items[0].sku"),
                Arguments.of(new Case("a name too long", b -> address(b).put("name", "n".repeat(129))), "shippingAddress.name"));
    }

    private static ObjectNode item(ObjectNode body) {
        return (ObjectNode) body.get("items").get(0);
    }

    private static ObjectNode address(ObjectNode body) {
        return (ObjectNode) body.get("shippingAddress");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aMalformedFieldIsA400NamingItAndPlacesNothing(Case c, String field) {
        String customer = Orders.newCustomer();
        ObjectNode body = Orders.body();
        c.change().accept(body);
        Orders.post(customer, body).then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem(field));
        assertEquals(0, Orders.countFor(customer));
    }

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
