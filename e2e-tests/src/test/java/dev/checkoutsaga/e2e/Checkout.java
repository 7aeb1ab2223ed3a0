package dev.checkoutsaga.e2e;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** What a client of the stack does, over HTTP: seed products, place, read and cancel orders. */
final class Checkout {
    static final Set<String> TERMINAL = Set.of("COMPLETED", "CANCELLED");

    private final SagaStack stack;

    Checkout(SagaStack stack) {
        this.stack = stack;
    }

    static String newSku() {
        return "E2E-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void product(String sku, long price, int available) {
        given().baseUri(stack.inventory.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("name", "Test " + sku, "price", price, "currency", "EUR", "available", available))
                .put("/products/{sku}", sku)
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    JsonPath productOf(String sku) {
        return given().baseUri(stack.inventory.baseUrl()).get("/products/{sku}", sku).then().statusCode(200)
                .extract().jsonPath();
    }

    /**
     * POST /orders; returns the raw response (202 expected). Each order gets its own customer, as
     * in real traffic: orders are rate-limited per customer.
     */
    Response post(String orderBaseUrl, String sku, int quantity, String token, String postalCode, String traceParent) {
        return post(orderBaseUrl, "c-" + UUID.randomUUID().toString().substring(0, 8), sku, quantity, token, postalCode,
                traceParent);
    }

    Response post(String orderBaseUrl, String customer, String sku, int quantity, String token, String postalCode,
            String traceParent) {
        String body = """
                {"customerId":"%s","items":[{"sku":"%s","quantity":%d}],
                 "shippingAddress":{"name":"Ada Lovelace","line1":"1 Main St","city":"London","postalCode":"%s","country":"GB"},
                 "paymentToken":"%s"}""".formatted(customer, sku, quantity, postalCode, token);
        var request = given().baseUri(orderBaseUrl).contentType(ContentType.JSON).body(body);
        if (traceParent != null) {
            request.header("traceparent", traceParent);
        }
        return request.post("/orders");
    }

    String place(String sku, int quantity, String token, String postalCode) {
        return place(stack.order.baseUrl(), sku, quantity, token, postalCode);
    }

    String place(String orderBaseUrl, String sku, int quantity, String token, String postalCode) {
        return post(orderBaseUrl, sku, quantity, token, postalCode, null).then().statusCode(202).extract().path("id");
    }

    JsonPath order(String id) {
        return given().baseUri(stack.order.baseUrl()).get("/orders/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    Response cancel(String id) {
        return given().baseUri(stack.order.baseUrl()).post("/orders/{id}/cancel", id);
    }

    JsonPath awaitStatus(String id, String status, Duration within) {
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> status.equals(order(id).getString("status")));
        return order(id);
    }

    JsonPath awaitTerminal(String id, Duration within) {
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> TERMINAL.contains(order(id).getString("status")));
        return order(id);
    }

    JsonPath ledger(String orderId) {
        return given().baseUri(stack.sandbox.baseUrl()).get("/v1/ledger?orderId={id}", orderId).then().statusCode(200)
                .extract().jsonPath();
    }
}
