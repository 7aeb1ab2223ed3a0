package dev.checkoutsaga.sandbox.payments;

import static dev.checkoutsaga.sandbox.support.Api.capture;
import static dev.checkoutsaga.sandbox.support.Api.charge;
import static dev.checkoutsaga.sandbox.support.Api.ledger;
import static dev.checkoutsaga.sandbox.support.Api.refund;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class RefundTest {

    @Test
    void withoutAmountTheWholeChargeIsRefunded() {
        UUID orderId = UUID.randomUUID();
        String chargeId = capture(orderId, 3998);
        refund(chargeId, null).then()
                .statusCode(201)
                .body("id", matchesPattern("re_[A-Za-z0-9]{24}"))
                .body("object", equalTo("refund"))
                .body("status", equalTo("succeeded"))
                .body("charge", equalTo(chargeId))
                .body("amount", equalTo(3998))
                .body("currency", equalTo("EUR"))
                .body("orderId", equalTo(orderId.toString()));
        given().when().get("/v1/charges/{id}", chargeId).then().body("amountRefunded", equalTo(3998));
    }

    @Test
    void partialRefundsAddUpAndNeverExceedWhatWasCaptured() {
        UUID orderId = UUID.randomUUID();
        String chargeId = capture(orderId, 1000);
        refund(chargeId, 300L).then().statusCode(201).body("amount", equalTo(300));
        refund(chargeId, 600L).then().statusCode(201).body("amount", equalTo(600));
        refund(chargeId, 101L).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("amount"));
        // what is left, no amount given: exactly the remaining 100
        refund(chargeId, null).then().statusCode(201).body("amount", equalTo(100));
        refund(chargeId, null).then().statusCode(409).contentType("application/problem+json");

        ledger(orderId).then()
                .body("refunds.size()", equalTo(3))
                .body("captured", equalTo(1000))
                .body("refunded", equalTo(1000))
                .body("net", equalTo(0));
    }

    @Test
    void anUnknownChargeIs404() {
        refund("ch_doesNotExist", 100L).then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aFailedChargeCannotBeRefunded() {
        String chargeId = charge(UUID.randomUUID(), 500, "tok_declined").then().statusCode(402).extract().path("id");
        refund(chargeId, null).then()
                .statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void missingIdempotencyKeyIsA400NamingTheHeader() {
        given().contentType(ContentType.JSON).body("{\"charge\": \"ch_x\"}")
                .when().post("/v1/refunds").then()
                .statusCode(400)
                .body("errors.field", hasItem("Idempotency-Key"));
    }

    @Test
    void aNonPositiveAmountIsA400NamingTheField() {
        refund("ch_x", 0L).then()
                .statusCode(400)
                .body("errors.field", hasItem("amount"));
    }
}
