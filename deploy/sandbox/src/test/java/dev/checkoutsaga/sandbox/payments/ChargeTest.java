package dev.checkoutsaga.sandbox.payments;

import static dev.checkoutsaga.sandbox.support.Api.charge;
import static dev.checkoutsaga.sandbox.support.Api.chargeBody;
import static dev.checkoutsaga.sandbox.support.Api.ledger;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ChargeTest {

    @Test
    void tokVisaSucceedsWith201AndIsReadableById() {
        UUID orderId = UUID.randomUUID();
        String id = charge(orderId, 3998, "tok_visa").then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern("ch_[A-Za-z0-9]{24}"))
                .body("object", equalTo("charge"))
                .body("status", equalTo("succeeded"))
                .body("failureCode", nullValue())
                .body("amount", equalTo(3998))
                .body("currency", equalTo("EUR"))
                .body("orderId", equalTo(orderId.toString()))
                .body("created", notNullValue())
                .body("keySet()", containsInAnyOrder("id", "object", "status", "amount", "amountRefunded", "currency",
                        "orderId", "description", "created"))
                .extract().path("id");

        given().when().get("/v1/charges/{id}", id).then()
                .statusCode(200)
                .body("status", equalTo("succeeded"))
                .body("amountRefunded", equalTo(0));
    }

    @Test
    void tokDeclinedFailsWith402CardDeclined() {
        charge(UUID.randomUUID(), 1000, "tok_declined").then()
                .statusCode(402)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern("ch_.+"))
                .body("object", equalTo("charge"))
                .body("status", equalTo("failed"))
                .body("failureCode", equalTo("card_declined"))
                .body("amount", equalTo(1000))
                .body("currency", equalTo("EUR"))
                .body("keySet()", containsInAnyOrder("id", "object", "status", "failureCode", "amount", "amountRefunded",
                        "currency", "orderId", "description", "created"));
    }

    @Test
    void tokInsufficientFundsFailsWith402InsufficientFunds() {
        charge(UUID.randomUUID(), 1000, "tok_insufficient_funds").then()
                .statusCode(402)
                .body("status", equalTo("failed"))
                .body("failureCode", equalTo("insufficient_funds"));
    }

    @Test
    void anyOtherTokenFailsWith402InvalidToken() {
        charge(UUID.randomUUID(), 1000, "tok_mastercard_lol").then()
                .statusCode(402)
                .body("status", equalTo("failed"))
                .body("failureCode", equalTo("invalid_token"));
    }

    @Test
    void failedChargesAreInTheLedgerButMoveNoMoney() {
        UUID orderId = UUID.randomUUID();
        charge(orderId, 1000, "tok_declined").then().statusCode(402);
        ledger(orderId).then()
                .statusCode(200)
                .body("charges.size()", equalTo(1))
                .body("charges[0].status", equalTo("failed"))
                .body("captured", equalTo(0))
                .body("net", equalTo(0));
    }

    @Test
    void missingIdempotencyKeyIsA400ProblemNamingTheHeader() {
        given().contentType(ContentType.JSON).body(chargeBody(UUID.randomUUID(), 1000, "tok_visa"))
                .when().post("/v1/charges").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void anOverlongIdempotencyKeyIsA400ProblemNamingTheHeader() {
        charge("k".repeat(256), chargeBody(UUID.randomUUID(), 1000, "tok_visa")).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void invalidFieldsAre400ProblemsNamingEachField() {
        charge("k-" + UUID.randomUUID(), """
                {"amount": 0, "currency": "eur", "source": "", "orderId": null}
                """).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("amount"))
                .body("errors.field", hasItem("currency"))
                .body("errors.field", hasItem("source"))
                .body("errors.field", hasItem("orderId"));
    }

    @Test
    void aMalformedOrderIdIsA400NamingTheField() {
        charge("k-" + UUID.randomUUID(), """
                {"amount": 10, "currency": "EUR", "source": "tok_visa", "orderId": "not-a-uuid"}
                """).then()
                .statusCode(400)
                .body("errors.field", hasItem("orderId"));
    }

    @Test
    void anUnknownChargeIs404Problem() {
        given().when().get("/v1/charges/{id}", "ch_nope").then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
