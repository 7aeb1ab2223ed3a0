package dev.checkoutsaga.sandbox.ledger;

import static dev.checkoutsaga.sandbox.support.Api.cancelShipment;
import static dev.checkoutsaga.sandbox.support.Api.capture;
import static dev.checkoutsaga.sandbox.support.Api.charge;
import static dev.checkoutsaga.sandbox.support.Api.chargeBody;
import static dev.checkoutsaga.sandbox.support.Api.ledger;
import static dev.checkoutsaga.sandbox.support.Api.newKey;
import static dev.checkoutsaga.sandbox.support.Api.refund;
import static dev.checkoutsaga.sandbox.support.Api.reset;
import static dev.checkoutsaga.sandbox.support.Api.ship;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.sandbox.idempotency.Idempotency;
import io.quarkus.test.junit.QuarkusTest;

/** Resets the sandbox before each test: the summary covers every order. */
@QuarkusTest
class LedgerTest {

    @BeforeEach
    void emptySandbox() {
        reset();
    }

    @Test
    void perOrderTheLedgerSumsCapturedRefundedNetAndLiveShipments() {
        UUID orderId = UUID.randomUUID();
        String c1 = capture(orderId, 1000);
        capture(orderId, 500);
        charge(orderId, 9999, "tok_declined");
        refund(c1, 400L).then().statusCode(201);
        String s1 = ship(orderId).then().statusCode(201).extract().path("id");
        ship(orderId).then().statusCode(201);
        cancelShipment(s1).then().statusCode(200);

        ledger(orderId).then()
                .statusCode(200)
                .body("orderId", equalTo(orderId.toString()))
                .body("charges.size()", equalTo(3))
                .body("charges.status", hasItem("failed"))
                .body("refunds.size()", equalTo(1))
                .body("refunds[0].charge", equalTo(c1))
                .body("shipments.size()", equalTo(2))
                .body("captured", equalTo(1500))
                .body("refunded", equalTo(400))
                .body("net", equalTo(1100))
                .body("liveShipments", equalTo(1));
    }

    @Test
    void anOrderTheSandboxNeverSawHasEmptyBooks() {
        UUID orderId = UUID.randomUUID();
        ledger(orderId).then()
                .statusCode(200)
                .body("orderId", equalTo(orderId.toString()))
                .body("charges.size()", equalTo(0))
                .body("captured", equalTo(0))
                .body("net", equalTo(0))
                .body("liveShipments", equalTo(0));
    }

    @Test
    void theSummaryHasTotalsPerOrderOldestFirstBoundedByLimit() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String ca = capture(a, 1000);
        charge(a, 1000, "tok_insufficient_funds");
        refund(ca, null).then().statusCode(201);
        capture(b, 250);
        ship(b).then().statusCode(201);

        given().when().get("/v1/ledger").then()
                .statusCode(200)
                .body("totalOrders", equalTo(2))
                .body("truncated", equalTo(false))
                .body("orders.size()", equalTo(2))
                .body("orders[0].orderId", equalTo(a.toString()))
                .body("orders[0].captured", equalTo(1000))
                .body("orders[0].refunded", equalTo(1000))
                .body("orders[0].net", equalTo(0))
                .body("orders[0].liveShipments", equalTo(0))
                .body("orders[0].chargeCount", equalTo(2))
                .body("orders[0].succeededChargeCount", equalTo(1))
                .body("orders[1].orderId", equalTo(b.toString()))
                .body("orders[1].net", equalTo(250))
                .body("orders[1].liveShipments", equalTo(1));

        given().queryParam("limit", 1).when().get("/v1/ledger").then()
                .statusCode(200)
                .body("totalOrders", equalTo(2))
                .body("truncated", equalTo(true))
                .body("orders.size()", equalTo(1))
                .body("orders[0].orderId", equalTo(a.toString()));
    }

    @Test
    void badLedgerQueriesAre400NamingTheParameter() {
        given().queryParam("limit", LedgerResource.MAX_LIMIT + 1).when().get("/v1/ledger").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("limit"));
        given().queryParam("limit", 0).when().get("/v1/ledger").then().statusCode(400);
        given().queryParam("orderId", "nope").when().get("/v1/ledger").then()
                .statusCode(400).body("errors.field", hasItem("orderId"));
    }

    @Test
    void resetForgetsChargesShipmentsAndIdempotencyKeys() {
        UUID orderId = UUID.randomUUID();
        String key = newKey();
        String chargeId = charge(key, chargeBody(orderId, 1000, "tok_visa")).then().statusCode(201).extract().path("id");
        ship(orderId).then().statusCode(201);

        reset();

        given().when().get("/v1/ledger").then().body("totalOrders", equalTo(0)).body("orders.size()", equalTo(0));
        ledger(orderId).then().body("charges.size()", equalTo(0)).body("captured", equalTo(0));
        given().when().get("/v1/charges/{id}", chargeId).then().statusCode(404);
        // the key is forgotten too: the same request executes again as a new charge
        charge(key, chargeBody(orderId, 1000, "tok_visa")).then()
                .statusCode(201)
                .header(Idempotency.REPLAYED_HEADER, nullValue());
        ledger(orderId).then().body("charges.size()", equalTo(1));
    }
}
