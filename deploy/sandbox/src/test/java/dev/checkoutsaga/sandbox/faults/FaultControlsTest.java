package dev.checkoutsaga.sandbox.faults;

import static dev.checkoutsaga.sandbox.support.Api.charge;
import static dev.checkoutsaga.sandbox.support.Api.chargeBody;
import static dev.checkoutsaga.sandbox.support.Api.ledger;
import static dev.checkoutsaga.sandbox.support.Api.newKey;
import static dev.checkoutsaga.sandbox.support.Api.ship;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.sandbox.idempotency.Idempotency;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class FaultControlsTest {

    @TestHTTPResource("/v1/charges")
    URI chargesUri;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void healthyAgain() {
        given().when().delete("/v1/admin/faults").then().statusCode(204);
    }

    static void fault(String endpoint, String json) {
        given().contentType(ContentType.JSON).body(json).when().put("/v1/admin/faults/{e}", endpoint)
                .then().statusCode(200);
    }

    static long requests(String endpoint) {
        return given().when().get("/v1/admin/faults").then().statusCode(200).extract().jsonPath()
                .getLong(endpoint + ".requests");
    }

    private HttpResponse<String> rawCharge(String key, String body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(chargesUri).timeout(timeout)
                .header("Content-Type", "application/json").header(Idempotency.HEADER, key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void addedLatencyDelaysTheAnswerWhichStillSucceeds() {
        fault("charges", "{\"latencyMs\": 400, \"latencyJitterMs\": 100}");
        long start = System.nanoTime();
        charge(UUID.randomUUID(), 1000, "tok_visa").then().statusCode(201);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 400, "took " + tookMs + " ms");
    }

    @Test
    void anInjected503IsNeverStoredSoARetryWithTheSameKeyExecutesAndChargesOnce() {
        UUID orderId = UUID.randomUUID();
        String key = newKey();
        String body = chargeBody(orderId, 3998, "tok_visa");
        fault("charges", "{\"errorRate\": 1, \"errorStatus\": 503}");

        charge(key, body).then().statusCode(503).contentType("application/problem+json").body("status", equalTo(503));
        ledger(orderId).then().body("charges.size()", equalTo(0));

        healthyAgain();
        charge(key, body).then().statusCode(201).header(Idempotency.REPLAYED_HEADER, nullValue());
        charge(key, body).then().statusCode(201).header(Idempotency.REPLAYED_HEADER, equalTo("true"));
        ledger(orderId).then().body("charges.size()", equalTo(1)).body("captured", equalTo(3998));
    }

    @Test
    void a429CarriesRetryAfterAndEachChosenStatusIsAnswered() {
        fault("refunds", "{\"errorRate\": 1, \"errorStatus\": 429, \"retryAfterSeconds\": 7}");
        given().contentType(ContentType.JSON).header(Idempotency.HEADER, newKey()).body("{\"charge\": \"ch_x\"}")
                .when().post("/v1/refunds").then().statusCode(429).header("Retry-After", "7");
        for (int status : new int[] { 500, 502, 400, 404, 422 }) {
            fault("shipments", "{\"errorRate\": 1, \"errorStatus\": " + status + "}");
            ship(UUID.randomUUID()).then().statusCode(status);
        }
        // only the faulted endpoint is affected
        charge(UUID.randomUUID(), 1000, "tok_visa").then().statusCode(201);
    }

    @Test
    void anErrorRateBetweenZeroAndOneFaultsSomeRequestsOnly() {
        fault("charges", "{\"errorRate\": 0.5, \"errorStatus\": 500}");
        int faulted = 0;
        for (int i = 0; i < 40; i++) {
            int status = charge(UUID.randomUUID(), 100, "tok_visa").statusCode();
            faulted += status == 500 ? 1 : 0;
        }
        assertTrue(faulted > 3 && faulted < 37, faulted + " of 40 faulted");
        given().when().get("/v1/admin/faults/charges").then()
                .body("requests", equalTo(40)).body("faulted", equalTo(faulted));
    }

    @Test
    void aHangNeverAnswersAndTheConnectionIsClosedAfterTheHangMaximum() throws Exception {
        UUID orderId = UUID.randomUUID();
        fault("charges", "{\"mode\": \"hang\"}");
        String key = newKey();
        String body = chargeBody(orderId, 1000, "tok_visa");

        assertThrows(HttpTimeoutException.class, () -> rawCharge(key, body, Duration.ofMillis(500)));
        // bounded: sandbox.faults.hang-max (2 s in tests), then the connection is closed, never answered
        IOException closed = assertThrows(IOException.class, () -> rawCharge(key, body, Duration.ofSeconds(20)));
        assertFalse(closed instanceof HttpTimeoutException, "the sandbox closed the connection, not our 20 s timeout: " + closed);
        ledger(orderId).then().body("charges.size()", equalTo(0));
        assertEquals(2, requests("charges"));

        healthyAgain();
        charge(key, body).then().statusCode(201).header(Idempotency.REPLAYED_HEADER, nullValue());
    }

    @Test
    void aResetClosesTheConnectionWithoutAnAnswerAndMovesNoMoney() {
        UUID orderId = UUID.randomUUID();
        fault("charges", "{\"mode\": \"reset\"}");
        assertThrows(IOException.class, () -> rawCharge(newKey(), chargeBody(orderId, 1000, "tok_visa"), Duration.ofSeconds(10)));
        ledger(orderId).then().body("charges.size()", equalTo(0));
        fault("shipment-cancel", "{\"mode\": \"reset\"}");
        given().when().get("/v1/admin/faults").then()
                .body("charges.requests", equalTo(1)).body("charges.faulted", equalTo(1))
                .body("'shipment-cancel'.settings.mode", equalTo("reset"));
    }

    @Test
    void chargeThenDropChargesRecordsTheKeyAndTheRetryReplaysTheSameCharge() throws Exception {
        UUID orderId = UUID.randomUUID();
        String key = newKey();
        String body = chargeBody(orderId, 3998, "tok_visa");
        fault("charges", "{\"mode\": \"charge-then-drop\"}");

        assertThrows(IOException.class, () -> rawCharge(key, body, Duration.ofSeconds(10)));
        String chargeId = ledger(orderId).then().body("charges.size()", equalTo(1))
                .body("captured", equalTo(3998)).extract().path("charges[0].id");

        healthyAgain();
        Response retry = charge(key, body);
        retry.then().statusCode(201).header(Idempotency.REPLAYED_HEADER, equalTo("true")).body("id", equalTo(chargeId));
        ledger(orderId).then().body("charges.size()", equalTo(1)).body("captured", equalTo(3998));
    }

    @Test
    void timesLimitsTheFaultToTheNextRequestsThenTheEndpointIsHealthy() {
        fault("charges", "{\"errorRate\": 1, \"errorStatus\": 502, \"times\": 2}");
        charge(UUID.randomUUID(), 100, "tok_visa").then().statusCode(502);
        charge(UUID.randomUUID(), 100, "tok_visa").then().statusCode(502);
        charge(UUID.randomUUID(), 100, "tok_visa").then().statusCode(201);
        given().when().get("/v1/admin/faults/charges").then()
                .body("requests", equalTo(3)).body("faulted", equalTo(2)).body("remaining", equalTo(0));
    }

    @Test
    void deleteMakesEveryEndpointHealthyAndZeroesTheCounters() {
        fault("charges", "{\"errorRate\": 1}");
        fault("shipments", "{\"latencyMs\": 5000}");
        charge(UUID.randomUUID(), 100, "tok_visa").then().statusCode(503);

        given().when().delete("/v1/admin/faults").then().statusCode(204);
        given().when().get("/v1/admin/faults").then().statusCode(200)
                .body("charges.requests", equalTo(0))
                .body("charges.settings.errorRate", equalTo(0.0f))
                .body("shipments.settings.latencyMs", equalTo(0))
                .body("keySet()", hasItem("shipment-cancel"));
        charge(UUID.randomUUID(), 100, "tok_visa").then().statusCode(201);
        // reads are never faulted nor counted
        given().when().get("/v1/ledger").then().statusCode(200);
        assertEquals(1, requests("charges"));
    }

    @Test
    void invalidSettingsAre400NamingTheFieldAndUnknownEndpoints404() {
        given().contentType(ContentType.JSON).body("{\"errorStatus\": 418, \"errorRate\": 2}")
                .when().put("/v1/admin/faults/charges").then().statusCode(400)
                .body("errors.field", hasItem("errorStatus")).body("errors.field", hasItem("errorRate"));
        given().contentType(ContentType.JSON).body("{\"mode\": \"charge-then-drop\"}")
                .when().put("/v1/admin/faults/shipments").then().statusCode(400).body("errors.field", hasItem("mode"));
        given().contentType(ContentType.JSON).body("{}")
                .when().put("/v1/admin/faults/nope").then().statusCode(404);
    }
}
