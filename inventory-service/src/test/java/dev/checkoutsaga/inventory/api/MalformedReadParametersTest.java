package dev.checkoutsaga.inventory.api;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.MalformedParameters;
import dev.checkoutsaga.testkit.MalformedParameters.Answer;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The catalog's path segment and query parameter, and the SKU of its writes, filled with the test
 * kit's corpus of malformed values: always a 4xx problem+json, and no product is written.
 */
@QuarkusTest
class MalformedReadParametersTest {

    @Test
    void everyReadParameterRejectsTheCorpus() {
        MalformedParameters.assertEveryRejected(List.of("/products/{v}", "/products?limit={v}"),
                path -> answer(given().urlEncodingEnabled(false).get(path)));
        MalformedParameters.assertEveryRejected(List.of("/order-stock?limit={v}", "/order-stock?cursor={v}"),
                path -> answer(given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.auditor()).urlEncodingEnabled(false)
                        .get(path)));
    }

    @Test
    void noStockIsWrittenForAMalformedSku() {
        MalformedParameters.assertEveryRejected(List.of("/products/{v}/stock"), path -> answer(backOffice()
                .contentType(ContentType.JSON).body("{\"available\": 5}").put(path)));
    }

    @Test
    void noProductIsWrittenUnderAMalformedSku() {
        for (String v : MalformedParameters.VALUES) {
            if (v.matches(ProductResource.SKU_PATTERN)) {
                continue; // "-1", "NaN", "1.5": odd, but SKUs a product may have (a PUT creates it)
            }
            Response r = backOffice().contentType(ContentType.JSON)
                    .body("{\"name\":\"Mug\",\"price\":100,\"currency\":\"EUR\",\"available\":1}").put("/products/" + v);
            MalformedParameters.assertRejected(r.statusCode(), r.contentType(), r.asString(),
                    "PUT /products/" + (v.length() > 40 ? v.substring(0, 40) : v));
        }
    }

    /** The back office, with a write budget of its own for each request (catalog writes are rate limited). */
    private static RequestSpecification backOffice() {
        return given().auth().oauth2(TestTokens.of("clerk-" + UUID.randomUUID(), "admin")).urlEncodingEnabled(false);
    }

    private static Answer answer(Response r) {
        return new Answer(r.statusCode(), r.contentType(), r.asString());
    }
}
