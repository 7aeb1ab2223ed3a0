package dev.checkoutsaga.inventory.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.inventory.Fixtures;
import dev.checkoutsaga.testkit.FreePorts;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The token issuer cannot be reached (nothing listens where the service looks for its keys): a
 * request that needs a token is answered 503 with Retry-After, never a 500 and never a write; the
 * public catalog keeps answering.
 */
@QuarkusTest
@TestProfile(IssuerUnavailableTest.IssuerDown.class)
class IssuerUnavailableTest {

    public static class IssuerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.auth-server-url", "http://127.0.0.1:" + FreePorts.find() + "/realms/checkout",
                    "checkout.identity.unavailable-retry-after", "7s");
        }
    }

    @Test
    void aWriteWhoseTokenCannotBeCheckedIs503WithRetryAfterAndWritesNothing() {
        String sku = Fixtures.newSku("NOISSUER");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Mug", "price", 100, "currency", "EUR", "available", 1))
                .put("/products/{sku}", sku)
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("7"))
                .body("status", equalTo(503));
        given().get("/products/{sku}", sku).then().statusCode(404);
        given().get("/products?limit=1").then().statusCode(200);
    }
}
