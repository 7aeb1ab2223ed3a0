package dev.checkoutsaga.shipping.api;

import static io.restassured.RestAssured.given;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.MalformedParameters;
import dev.checkoutsaga.testkit.MalformedParameters.Answer;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every path segment and query parameter of the shipment API, filled with the test kit's corpus of
 * malformed values: always a 4xx problem+json, never a 500 or data.
 */
@QuarkusTest
class MalformedReadParametersTest {

    @Test
    void everyReadParameterRejectsTheCorpus() {
        MalformedParameters.assertEveryRejected(List.of("/shipments/{v}", "/shipments?orderId={v}", "/shipments/all?limit={v}",
                "/shipments/all?cursor={v}"),
                path -> answer(given().auth().oauth2(TestTokens.of("test-shipping", "shipping-operator"))
                        .urlEncodingEnabled(false).get(path)));
    }

    private static Answer answer(Response r) {
        return new Answer(r.statusCode(), r.contentType(), r.asString());
    }
}
