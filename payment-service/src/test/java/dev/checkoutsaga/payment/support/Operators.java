package dev.checkoutsaga.payment.support;

import static io.restassured.RestAssured.given;

import dev.checkoutsaga.testkit.TestTokens;
import io.restassured.specification.RequestSpecification;

/** Requests with the bearer tokens of who may use the payment API (test key, platform/testkit TestTokens). */
public final class Operators {
    /** The subject of {@link #operator()}: direct payments' Idempotency-Keys are theirs. */
    public static final String OPERATOR = "test-payments-operator";

    private Operators() {
    }

    /** A payments operator: direct charges and every payment read. */
    public static RequestSpecification operator() {
        return given().auth().oauth2(TestTokens.of(OPERATOR, "payments-operator"));
    }

    /** The audit's client: reads only. */
    public static RequestSpecification auditor() {
        return given().auth().oauth2(TestTokens.of("checkout-audit", "auditor"));
    }
}
