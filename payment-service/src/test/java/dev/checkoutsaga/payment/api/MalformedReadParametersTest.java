package dev.checkoutsaga.payment.api;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.payment.support.Operators;
import dev.checkoutsaga.testkit.MalformedParameters;
import dev.checkoutsaga.testkit.MalformedParameters.Answer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every path segment and query parameter of the payment API, filled with the test kit's corpus of
 * malformed values: always a 4xx problem+json, never a 500 or a payment.
 */
@QuarkusTest
class MalformedReadParametersTest {

    @Test
    void everyReadParameterRejectsTheCorpus() {
        MalformedParameters.assertEveryRejected(List.of("/payments/{v}", "/payments?orderId={v}",
                "/payments/direct?limit={v}", "/payments/direct?cursor={v}", "/payments/saga?limit={v}", "/payments/saga?cursor={v}"),
                path -> answer(Operators.operator().urlEncodingEnabled(false).get(path)));
    }

    private static Answer answer(Response r) {
        return new Answer(r.statusCode(), r.contentType(), r.asString());
    }
}
