package dev.checkoutsaga.inventory.api;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.MalformedParameters;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The catalog's path segment and query parameter, and the SKU of its writes, filled with the test
 * kit's corpus of malformed values: always a 4xx problem+json, and no product is written.
 */
@QuarkusTest
class MalformedReadParametersTest {

    @Test
    void everyParameterRejectsTheCorpusAndNoProductIsWritten() {
        for (String v : MalformedParameters.VALUES) {
            String shown = v.length() > 40 ? v.substring(0, 40) + "..." : v;
            rejected(given().urlEncodingEnabled(false).get("/products/" + v),
                    "GET /products/" + shown);
            rejected(given().urlEncodingEnabled(false).get("/products?limit=" + v),
                    "GET /products?limit=" + shown);
            rejected(given().auth().oauth2(TestTokens.of("clerk-" + java.util.UUID.randomUUID(), "admin")).urlEncodingEnabled(false)
                    .contentType(ContentType.JSON).body("{\"available\": 5}").put("/products/" + v + "/stock"),
                    "PUT /products/" + shown + "/stock");
            if (v.matches(ProductResource.SKU_PATTERN) && v.length() <= 64) {
                continue; // "-1", "NaN", "1.5": odd, but SKUs a product may have (a PUT creates it)
            }
            rejected(given().auth().oauth2(TestTokens.of("clerk-" + java.util.UUID.randomUUID(), "admin")).urlEncodingEnabled(false)
                    .contentType(ContentType.JSON).body("{\"name\":\"Mug\",\"price\":100,\"currency\":\"EUR\",\"available\":1}")
                    .put("/products/" + v), "PUT /products/" + shown);
        }
    }

    private static void rejected(io.restassured.response.Response r, String what) {
        MalformedParameters.assertRejected(r.statusCode(), r.contentType(), r.asString(), what);
    }
}
