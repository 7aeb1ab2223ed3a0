package dev.checkoutsaga.payment.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Direct charges are rate-limited per operator (nobody tests stolen cards in bulk): a small budget
 * here, spent by one operator, refuses their next charge with 429 and charges nothing; another
 * operator's budget is untouched.
 */
@QuarkusTest
@TestProfile(PaymentRateLimitTest.SmallBudget.class)
@Order(20)
class PaymentRateLimitTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("checkout.rate-limit.endpoints.payments.capacity", "3",
                    "checkout.rate-limit.endpoints.payments.refill-per-second", "0.05");
        }
    }

    private static Response charge(String operator) {
        return given().auth().oauth2(TestTokens.of(operator, "payments-operator")).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"reference\":\"r-" + UUID.randomUUID().toString().substring(0, 8)
                        + "\",\"amount\":{\"amount\":100,\"currency\":\"EUR\"},\"paymentToken\":\"tok_visa\"}")
                .post("/payments");
    }

    @Test
    void anOperatorBeyondTheirBudgetIsRefusedWith429AndChargesNothingWhileAnotherOperatorIsNot() {
        String tester = "card-tester-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            charge(tester).then().statusCode(201).header("RateLimit-Limit", equalTo("3"));
        }
        Response refused = charge(tester);
        refused.then().statusCode(429).contentType("application/problem+json").header("RateLimit-Remaining", equalTo("0"));
        assertEquals(true, Integer.parseInt(refused.header("Retry-After")) >= 1);
        assertEquals(refused.path("status"), (Integer) 429);

        charge("another-operator-" + UUID.randomUUID()).then().statusCode(201).header("RateLimit-Remaining", equalTo("2"));
    }
}
