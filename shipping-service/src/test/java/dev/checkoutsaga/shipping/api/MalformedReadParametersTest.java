package dev.checkoutsaga.shipping.api;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.MalformedParameters;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every path segment and query parameter of the shipment API, filled with the test kit's corpus of
 * malformed values: always a 4xx problem+json, never a 500 or data.
 */
@QuarkusTest
class MalformedReadParametersTest {

    @Test
    void everyReadParameterRejectsTheCorpus() {
        for (String v : MalformedParameters.VALUES) {
            String shown = v.length() > 40 ? v.substring(0, 40) + "..." : v;
            for (String path : new String[] {"/shipments/" + v, "/shipments?orderId=" + v}) {
                rejected(given().auth().oauth2(TestTokens.of("test-shipping", "shipping-operator"))
                        .urlEncodingEnabled(false).get(path), "GET " + path.replace(v, shown));
            }
        }
    }

    private static void rejected(io.restassured.response.Response r, String what) {
        MalformedParameters.assertRejected(r.statusCode(), r.contentType(), r.asString(), what);
    }
}
