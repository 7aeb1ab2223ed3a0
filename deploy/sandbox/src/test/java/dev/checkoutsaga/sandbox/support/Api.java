package dev.checkoutsaga.sandbox.support;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Small request builders for the sandbox's endpoints. */
public final class Api {
    private Api() {
    }

    public static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    public static String chargeBody(UUID orderId, long amount, String source) {
        return """
                {"amount": %d, "currency": "EUR", "source": "%s", "orderId": "%s", "description": "order %s"}
                """.formatted(amount, source, orderId, orderId);
    }

    public static Response charge(String key, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/v1/charges").andReturn();
    }

    public static Response charge(UUID orderId, long amount, String source) {
        return charge(newKey(), chargeBody(orderId, amount, source));
    }

    /** A succeeded charge's id. */
    public static String capture(UUID orderId, long amount) {
        Response r = charge(orderId, amount, "tok_visa");
        if (r.statusCode() != 201) {
            throw new AssertionError("charge failed: " + r.statusCode() + " " + r.asString());
        }
        return r.path("id");
    }

    public static Response refundWithKey(String key, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/v1/refunds").andReturn();
    }

    public static Response refund(String chargeId, Long amount) {
        String body = amount == null ? "{\"charge\": \"%s\"}".formatted(chargeId)
                : "{\"charge\": \"%s\", \"amount\": %d}".formatted(chargeId, amount);
        return refundWithKey(newKey(), body);
    }

    public static String shipmentBody(UUID orderId, String postalCode) {
        return """
                {"orderId": "%s",
                 "address": {"name": "Ada Lovelace", "line1": "1 Analytical Way", "city": "London", "postalCode": "%s", "country": "GB"},
                 "parcels": [{"sku": "SKU-1", "quantity": 2}]}
                """.formatted(orderId, postalCode);
    }

    public static Response ship(String key, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post("/v1/shipments").andReturn();
    }

    public static Response ship(UUID orderId) {
        return ship(newKey(), shipmentBody(orderId, "SW1A 1AA"));
    }

    public static Response cancelShipment(String id) {
        return given().when().post("/v1/shipments/{id}/cancel", id).andReturn();
    }

    public static Response ledger(UUID orderId) {
        return given().queryParam("orderId", orderId.toString()).when().get("/v1/ledger").andReturn();
    }

    public static void reset() {
        given().when().post("/v1/admin/reset").then().statusCode(204);
    }
}
