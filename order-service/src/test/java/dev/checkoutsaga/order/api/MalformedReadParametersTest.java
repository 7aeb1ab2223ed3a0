package dev.checkoutsaga.order.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.testkit.MalformedParameters;
import dev.checkoutsaga.testkit.MalformedParameters.Answer;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Every path segment and query parameter of the order API, filled with the test kit's corpus of
 * malformed values (NUL and control characters, bytes that are not UTF-8, wrong numbers, injection,
 * 2,000 characters): always a 4xx problem+json, and no cancel goes through.
 */
@QuarkusTest
class MalformedReadParametersTest {

    @Test
    void everyReadParameterRejectsTheCorpus() {
        String customer = Orders.newCustomer();
        MalformedParameters.assertEveryRejected(List.of("/orders/{v}", "/orders?status={v}", "/orders?limit={v}",
                "/orders?cursor={v}", "/orders?customerId={v}"),
                path -> answer(Orders.as(customer).urlEncodingEnabled(false).get(path)));
        MalformedParameters.assertEveryRejected(List.of("/orders/{v}"),
                path -> answer(Orders.backOffice().urlEncodingEnabled(false).get(path)));
    }

    @Test
    void aCancelOfAMalformedIdIsA4xxAndCancelsNothing() {
        UUID mine = Orders.place(Orders.newCustomer());
        // the back office may cancel any order (and has a cancel budget per caller: a fresh one each)
        MalformedParameters.assertEveryRejected(List.of("/orders/{v}/cancel"), path -> answer(RestAssured.given()
                .auth().oauth2(TestTokens.of("clerk-" + UUID.randomUUID(), "admin")).urlEncodingEnabled(false).post(path)));
        assertEquals("PENDING", Orders.status(mine), "no order was cancelled");
    }

    private static Answer answer(Response r) {
        return new Answer(r.statusCode(), r.contentType(), r.asString());
    }
}
