package dev.checkoutsaga.order.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.checkoutsaga.order.support.Orders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every class of bad input gets its status and a problem+json naming the field, and nothing is stored. */
@QuarkusTest
class OrderValidationTest {
    private static final String PROBLEM = "application/problem+json";

    record Case(String name, Consumer<ObjectNode> breakIt) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of(new Case("items missing", b -> b.remove("items")), "items"),
                Arguments.of(new Case("no items", b -> b.putArray("items")), "items"),
                Arguments.of(new Case("51 items", b -> {
                    ArrayNode items = b.putArray("items");
                    for (int i = 0; i < 51; i++) {
                        items.addObject().put("sku", "SKU-" + i).put("quantity", 1);
                    }
                }), "items"),
                Arguments.of(new Case("sku with spaces", b -> item(b).put("sku", "SKU 1!")), "items[0].sku"),
                Arguments.of(new Case("sku too long", b -> item(b).put("sku", "S".repeat(65))), "items[0].sku"),
                Arguments.of(new Case("sku missing", b -> item(b).remove("sku")), "items[0].sku"),
                Arguments.of(new Case("quantity 0", b -> item(b).put("quantity", 0)), "items[0].quantity"),
                Arguments.of(new Case("quantity 1001", b -> item(b).put("quantity", 1001)), "items[0].quantity"),
                Arguments.of(new Case("quantity missing", b -> item(b).remove("quantity")), "items[0].quantity"),
                Arguments.of(new Case("quantity not a number", b -> item(b).put("quantity", "two")), "items[0].quantity"),
                Arguments.of(new Case("second line's quantity", b -> ((ObjectNode) b.get("items").get(1)).put("quantity", -1)),
                        "items[1].quantity"),
                Arguments.of(new Case("address missing", b -> b.remove("shippingAddress")), "shippingAddress"),
                Arguments.of(new Case("name blank", b -> address(b).put("name", " ")), "shippingAddress.name"),
                Arguments.of(new Case("line1 missing", b -> address(b).remove("line1")), "shippingAddress.line1"),
                Arguments.of(new Case("line2 too long", b -> address(b).put("line2", "x".repeat(129))), "shippingAddress.line2"),
                Arguments.of(new Case("city missing", b -> address(b).remove("city")), "shippingAddress.city"),
                Arguments.of(new Case("postalCode too long", b -> address(b).put("postalCode", "1".repeat(17))),
                        "shippingAddress.postalCode"),
                Arguments.of(new Case("country lower case", b -> address(b).put("country", "gb")), "shippingAddress.country"),
                Arguments.of(new Case("country unknown", b -> address(b).put("country", "XX")), "shippingAddress.country"),
                Arguments.of(new Case("country missing", b -> address(b).remove("country")), "shippingAddress.country"),
                Arguments.of(new Case("paymentToken missing", b -> b.remove("paymentToken")), "paymentToken"),
                Arguments.of(new Case("paymentToken too long", b -> b.put("paymentToken", "t".repeat(129))), "paymentToken"),
                // read strictly (platform/web StrictJson): JSON types as declared, no control characters, no unknown fields
                Arguments.of(new Case("quantity as a string", b -> item(b).put("quantity", "2")), "items[0].quantity"),
                Arguments.of(new Case("fractional quantity", b -> item(b).put("quantity", 1.5)), "items[0].quantity"),
                Arguments.of(new Case("quantity beyond any int",
                        b -> item(b).put("quantity", new java.math.BigInteger("99999999999999999999"))), "items[0].quantity"),
                Arguments.of(new Case("quantity as a boolean", b -> item(b).put("quantity", true)), "items[0].quantity"),
                Arguments.of(new Case("NUL in a name", b -> address(b).put("name", "Ada\u0000Lovelace")), "shippingAddress.name"),
                Arguments.of(new Case("a line feed in a city", b -> address(b).put("city", "Lon\ndon")), "shippingAddress.city"),
                Arguments.of(new Case("a C1 control in a token", b -> b.put("paymentToken", "tok_\u0085visa")), "paymentToken"),
                Arguments.of(new Case("a number for text", b -> b.put("paymentToken", 4242)), "paymentToken"),
                Arguments.of(new Case("an unknown field", b -> b.put("customerId", "someone-else")), "customerId"),
                Arguments.of(new Case("an unknown nested field", b -> address(b).put("floor", 3)), "shippingAddress.floor"),
                Arguments.of(new Case("an object for a list", b -> b.putObject("items")), "items"));
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @MethodSource("invalidBodies")
    void rejectsAnInvalidBodyWith400NamingTheFieldAndStoresNothing(Case c, String field) {
        String customer = Orders.newCustomer();
        ObjectNode body = Orders.body();
        c.breakIt().accept(body);
        Orders.post(customer, body).then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void rejectsMalformedJsonWith400() {
        Orders.as(Orders.newCustomer()).contentType(ContentType.JSON).body("{\"items\": [").when().post("/orders")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void rejectsAnEmptyBodyWith400() {
        Orders.as(Orders.newCustomer()).contentType(ContentType.JSON).when().post("/orders")
                .then().statusCode(400).contentType(PROBLEM).body("errors.field", hasItem("body"));
    }

    @Test
    void rejectsAnotherContentTypeWith415() {
        String customer = Orders.newCustomer();
        Orders.as(customer).contentType(ContentType.TEXT).body(Orders.body().toString()).when().post("/orders")
                .then().statusCode(415).contentType(PROBLEM);
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void rejectsABodyOver64KiBWith413() {
        String customer = Orders.newCustomer();
        ObjectNode body = Orders.body();
        body.put("paymentToken", "t".repeat(70 * 1024));
        Orders.post(customer, body).then().statusCode(413).contentType(PROBLEM).body("errors.field", hasItem("body"));
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void rejectsAnUnknownSkuWith422NamingTheLine() {
        String customer = Orders.newCustomer();
        ObjectNode body = Orders.body();
        ((ObjectNode) body.get("items").get(1)).put("sku", "NO-SUCH-SKU");
        Orders.post(customer, body).then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItem("items[1].sku"));
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void rejectsMixedCurrenciesWith422NamingTheLine() {
        String customer = Orders.newCustomer();
        ObjectNode body = Orders.body();
        ((ObjectNode) body.get("items").get(1)).put("sku", "SKU-USD");
        Orders.post(customer, body).then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItem("items[1].sku"));
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void rejectsTheSameSkuOnTwoLinesWith422NamingTheSecond() {
        String customer = Orders.newCustomer();
        ObjectNode body = Orders.body();
        ((ObjectNode) body.get("items").get(1)).put("sku", "SKU-1");
        Orders.post(customer, body).then().statusCode(422).contentType(PROBLEM)
                .body("errors.field", hasItem("items[1].sku"));
        assertEquals(0, Orders.countFor(customer));
    }

    private static ObjectNode item(ObjectNode body) {
        return (ObjectNode) body.get("items").get(0);
    }

    private static ObjectNode address(ObjectNode body) {
        return (ObjectNode) body.get("shippingAddress");
    }
}
