package dev.checkoutsaga.payment.api;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.payment.support.Operators;
import dev.checkoutsaga.testkit.MalformedParameters;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every path segment and query parameter of the payment API, filled with the test kit's corpus of
 * malformed values: always a 4xx problem+json, never a 500 or a payment.
 */
@QuarkusTest
class MalformedReadParametersTest {

    @Test
    void everyReadParameterRejectsTheCorpus() {
        for (String v : MalformedParameters.VALUES) {
            String shown = v.length() > 40 ? v.substring(0, 40) + "..." : v;
            for (String path : new String[] {"/payments/" + v, "/payments?orderId=" + v, "/payments/direct?limit=" + v,
                    "/payments/direct?cursor=" + v}) {
                rejected(Operators.operator().urlEncodingEnabled(false).get(path),
                        "GET " + path.replace(v, shown));
            }
        }
    }

    private static void rejected(io.restassured.response.Response r, String what) {
        MalformedParameters.assertRejected(r.statusCode(), r.contentType(), r.asString(), what);
    }
}
