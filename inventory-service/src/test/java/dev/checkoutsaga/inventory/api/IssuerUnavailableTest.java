package dev.checkoutsaga.inventory.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.inventory.support.Fixtures;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

/**
 * The token issuer cannot answer: it accepts the connection and never says a word (the harder case:
 * a refused connection fails at once, this one is bounded only by {@code checkout.identity.read-timeout}).
 * A request that needs a token is answered 503 with Retry-After, never a 500, never held and never a
 * write; the public catalog keeps answering.
 */
@QuarkusTest
@TestProfile(IssuerUnavailableTest.IssuerDown.class)
class IssuerUnavailableTest {

    /** Completes TCP handshakes (the kernel's backlog) but never accepts, reads or answers. */
    static final ServerSocket SILENT_ISSUER = silentIssuer();

    public static class IssuerDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.auth-server-url",
                    "http://127.0.0.1:" + SILENT_ISSUER.getLocalPort() + "/realms/checkout",
                    "checkout.identity.read-timeout", "1s",
                    "checkout.identity.unavailable-retry-after", "7s");
        }
    }

    private static ServerSocket silentIssuer() {
        try {
            return new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aWriteWhoseTokenCannotBeCheckedIs503WithRetryAfterAndWritesNothing() {
        String sku = Fixtures.newSku("NOISSUER");
        // without the read bound this request waits for an answer that never comes: RestAssured gives up first
        given().config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 30_000)))
                .auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Mug", "price", 100, "currency", "EUR", "available", 1))
                .put("/products/{sku}", sku)
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", equalTo("7"))
                .body("status", equalTo(503));
        given().get("/products/{sku}", sku).then().statusCode(404);
        given().get("/products?limit=1").then().statusCode(200);
    }
}
