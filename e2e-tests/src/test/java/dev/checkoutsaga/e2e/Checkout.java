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

    static final int CUSTOMERS = 24;

    private final SagaStack stack;
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    private String backOffice;
    private long backOfficeUntil;

    Checkout(SagaStack stack) {
        this.stack = stack;
        stack.customers().pool("e2e", CUSTOMERS); // created once, before any scenario's clock runs
    }

    /** The back-office client's token, renewed every minute (Keycloak's tokens live 5 minutes). */
    private synchronized String backOffice() {
        if (backOffice == null || System.nanoTime() > backOfficeUntil) {
            backOffice = stack.backOfficeToken();
            backOfficeUntil = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        }
        return backOffice;
    }

    static String newSku() {
        return "E2E-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates or updates a product as the back office does: with its token from Keycloak. */
    void product(String sku, long price, int available) {
        given().baseUri(stack.inventory.baseUrl()).auth().oauth2(backOffice()).contentType(ContentType.JSON)
                .body(Map.of("name", "Test " + sku, "price", price, "currency", "EUR", "available", available))
                .put("/products/{sku}", sku)
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    JsonPath productOf(String sku) {
        return given().baseUri(stack.inventory.baseUrl()).get("/products/{sku}", sku).then().statusCode(200)
                .extract().jsonPath();
    }

    /**
     * The next of {@value #CUSTOMERS} synthetic customers of the realm, in turn: orders are
     * rate-limited per customer, and real traffic comes from many.
     */
    String nextCustomer() {
        return "e2e-%04d".formatted(1 + next.getAndIncrement() % CUSTOMERS);
    }

    /** {@code customer}'s bearer token (a user of the realm, created on first use). */
    String tokenOf(String customer) {
        return stack.customers().customer(customer).token();
    }

    /** POST /orders by the next customer; returns the raw response (202 expected). */
    Response post(String orderBaseUrl, String sku, int quantity, String token, String postalCode, String traceParent) {
        return post(orderBaseUrl, nextCustomer(), sku, quantity, token, postalCode, traceParent);
    }

    Response post(String orderBaseUrl, String customer, String sku, int quantity, String token, String postalCode,
            String traceParent) {
        String body = orderBody(sku, quantity, token, postalCode);
        var request = given().baseUri(orderBaseUrl).auth().oauth2(tokenOf(customer)).contentType(ContentType.JSON)
                .body(body);
        if (traceParent != null) {
            request.header("traceparent", traceParent);
        }
        return request.post("/orders");
    }

    /** What a careful client got for one order: its id and whether it was accepted as a deferred write. */
    record Placed(String id, boolean deferred) {
    }

    /**
     * POST /orders as a careful client does it: one Idempotency-Key for the order, and the same
     * request again (same key) after a 503, 409 or 429 (honouring Retry-After) or a broken
     * connection, until it is accepted.
     */
    Placed placeIdempotently(String key, String customer, String sku, String token, Duration within) {
        long end = System.nanoTime() + within.toNanos();
        String body = orderBody(sku, 1, token, "N1 9GU");
        while (true) {
            int status;
            long waitMs = 500;
            try {
                Response r = given().baseUri(stack.order.baseUrl()).auth().oauth2(tokenOf(customer))
                        .contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/orders");
                status = r.statusCode();
                if (status == 202) {
                    return new Placed(r.path("id"), "deferred".equals(r.header("X-Order-Write")));
                }
                if (status != 503 && status != 409 && status != 429) {
                    throw new AssertionError("order " + key + ": " + status + " " + r.body().asString());
                }
                if (r.header("Retry-After") != null) {
                    waitMs = Math.min(5000, 1000L * Integer.parseInt(r.header("Retry-After")));
                }
            } catch (RuntimeException e) {
                status = -1; // connection refused or reset: the same request again
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("order " + key + " not accepted within " + within + " (last: " + status + ")");
            }
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The same request again, later: the first answer, replayed. */
    Response replay(String key, String customer, String sku, String token) {
        String body = orderBody(sku, 1, token, "N1 9GU");
        return given().baseUri(stack.order.baseUrl()).auth().oauth2(tokenOf(customer)).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).post("/orders");
    }

    /** POST /payments (a direct charge) with an Idempotency-Key, by the back-office user clerk (payments operator). */
    Response directPayment(String key, String reference, long amount, String token) {
        return directPayment(stack.payment.baseUrl(), key, reference, amount, token);
    }

    /** POST /payments to one payment-service replica. */
    Response directPayment(String paymentBaseUrl, String key, String reference, long amount, String token) {
        return given().baseUri(paymentBaseUrl).auth().oauth2(stack.clerkToken()).contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(Map.of("reference", reference, "amount", Map.of("amount", amount, "currency", "EUR"),
                        "paymentToken", token))
                .post("/payments");
    }

    /** Sets a fault on one sandbox endpoint (charges, refunds, shipments, shipment-cancel). */
    void fault(String endpoint, String json) {
        given().baseUri(stack.sandbox.baseUrl()).contentType(ContentType.JSON).body(json)
                .put("/v1/admin/faults/{endpoint}", endpoint).then().statusCode(200);
    }

    /** Requests that reached one sandbox endpoint since its faults were last set or cleared. */
    int sandboxRequests(String endpoint) {
        return given().baseUri(stack.sandbox.baseUrl()).get("/v1/admin/faults/{endpoint}", endpoint).then().statusCode(200)
                .extract().path("requests");
    }

    void healSandbox() {
        given().baseUri(stack.sandbox.baseUrl()).delete("/v1/admin/faults").then().statusCode(204);
    }

    static String orderBody(String sku, int quantity, String token, String postalCode) {
        return """
                {"items":[{"sku":"%s","quantity":%d}],
                 "shippingAddress":{"name":"Ada Lovelace","line1":"1 Main St","city":"London","postalCode":"%s","country":"GB"},
                 "paymentToken":"%s"}""".formatted(sku, quantity, postalCode, token);
    }

    String place(String sku, int quantity, String token, String postalCode) {
        return place(stack.order.baseUrl(), sku, quantity, token, postalCode);
    }

    String place(String orderBaseUrl, String sku, int quantity, String token, String postalCode) {
        return post(orderBaseUrl, sku, quantity, token, postalCode, null).then().statusCode(202).extract().path("id");
    }

    /** An order as the back office reads it (clerk: admin). */
    JsonPath order(String id) {
        return given().baseUri(stack.order.baseUrl()).auth().oauth2(backOffice()).get("/orders/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    /** Cancels as the back office does (any order). */
    Response cancel(String id) {
        return given().baseUri(stack.order.baseUrl()).auth().oauth2(backOffice()).post("/orders/{id}/cancel", id);
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
