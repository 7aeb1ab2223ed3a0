package dev.checkoutsaga.order.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.testkit.MalformedParameters;
import io.quarkus.test.junit.QuarkusTest;

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
        for (String v : MalformedParameters.VALUES) {
            String shown = v.length() > 40 ? v.substring(0, 40) + "..." : v;
            for (String path : new String[] {"/orders/" + v, "/orders?status=" + v, "/orders?limit=" + v,
                    "/orders?cursor=" + v, "/orders?customerId=" + v}) {
                rejected(Orders.as(customer).urlEncodingEnabled(false).get(path),
                        "GET " + path.replace(v, shown));
            }
            rejected(Orders.backOffice().urlEncodingEnabled(false).get("/orders/" + v),
                    "GET /orders/" + shown + " by the back office");
        }
    }

    @Test
    void aCancelOfAMalformedIdIsA4xxAndCancelsNothing() {
        String customer = Orders.newCustomer();
        java.util.UUID mine = Orders.place(customer);
        for (String v : MalformedParameters.VALUES) {
            // the back office may cancel any order (and has a cancel budget per caller: a fresh one each)
            rejected(io.restassured.RestAssured.given()
                    .auth().oauth2(dev.checkoutsaga.testkit.TestTokens.of("clerk-" + java.util.UUID.randomUUID(), "admin"))
                    .urlEncodingEnabled(false).post("/orders/" + v + "/cancel"),
                    "POST /orders/" + (v.length() > 40 ? v.substring(0, 40) : v) + "/cancel");
        }
        assertEquals("PENDING", Orders.status(mine), "no order was cancelled");
    }

    private static void rejected(io.restassured.response.Response r, String what) {
        MalformedParameters.assertRejected(r.statusCode(), r.contentType(), r.asString(), what);
    }
}
