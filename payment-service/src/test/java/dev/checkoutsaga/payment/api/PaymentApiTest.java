package dev.checkoutsaga.payment.api;

import dev.checkoutsaga.payment.support.Operators;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.KeysetPages;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@Order(3)
class PaymentApiTest implements dev.checkoutsaga.testkit.ApiDatabaseTests {

    @BeforeAll
    static void topics() {
        Fixtures.createTopics();
    }

    @Test
    void listByOrderIdShowsTheOrdersPaymentWithCapturedAndRefundedAmounts() {
        UUID orderId = UUID.randomUUID();
        try (KafkaProbe probe = Fixtures.paymentsProbe()) {
            Fixtures.publish(Fixtures.chargeRequest(orderId, "tok_visa"));
            Fixtures.await(probe, orderId, EventType.PAYMENT_CAPTURED);
        }
        Operators.operator().queryParam("orderId", orderId.toString()).get("/payments").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(PaymentSaga.paymentIdFor(orderId).toString()))
                .body("[0].orderId", equalTo(orderId.toString()))
                .body("[0].status", equalTo("CAPTURED"))
                .body("[0].amount.amount", equalTo(3998)).body("[0].amount.currency", equalTo("EUR"))
                .body("[0].captured.amount", equalTo(3998))
                .body("[0].refunded.amount", equalTo(0)).body("[0].refunded.currency", equalTo("EUR"))
                .body("[0].cancelRequested", equalTo(false))
                .body("[0].settled", equalTo(false));
    }

    @Test
    void everySagaPaymentIsListedOncePageByPageForTheAudit() {
        List<UUID> captured = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        UUID tombstone = UUID.randomUUID();
        try (KafkaProbe probe = Fixtures.paymentsProbe()) {
            captured.forEach(id -> Fixtures.publish(Fixtures.chargeRequest(id, "tok_visa")));
            Fixtures.publish(Fixtures.cancel(tombstone)); // cancelled before payment saw the order
            captured.forEach(id -> Fixtures.await(probe, id, EventType.PAYMENT_CAPTURED));
            Fixtures.await(probe, tombstone, EventType.PAYMENT_SETTLED);
        }
        List<Map<String, Object>> all = KeysetPages.readAll(Operators::auditor, "/payments/saga", 2);
        assertEquals(all.size(), all.stream().map(p -> p.get("id")).distinct().count(), "each payment once");
        for (UUID id : captured) {
            Map<String, Object> p = byOrder(all, id);
            assertEquals("CAPTURED", p.get("status"));
            assertEquals(3998, ((Map<?, ?>) p.get("captured")).get("amount"));
        }
        assertEquals("TOMBSTONE", byOrder(all, tombstone).get("status"));
        assertTrue(all.stream().allMatch(p -> "SAGA".equals(p.get("kind"))), "direct payments are listed apart");
        KeysetPages.assertForeignCursorRejected(Operators::auditor, "/payments/saga");
        io.restassured.RestAssured.given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.customer("c-1"))
                .get("/payments/saga").then().statusCode(403);
    }

    private static Map<String, Object> byOrder(List<Map<String, Object>> all, UUID orderId) {
        return all.stream().filter(p -> orderId.toString().equals(p.get("orderId"))).findFirst()
                .orElseThrow(() -> new AssertionError("order " + orderId + " not listed"));
    }

    @Test
    void listOfAnOrderWithoutPaymentIsEmpty() {
        Operators.operator().queryParam("orderId", UUID.randomUUID().toString()).get("/payments").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void listWithoutAValidOrderIdIsA400NamingTheParameter() {
        Operators.operator().get("/payments").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("orderId"));
        Operators.operator().queryParam("orderId", "not-a-uuid").get("/payments").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("orderId"));
    }

    @Test
    void paymentsAreReadOnlyWithTheOperatorsOrTheAuditsRoleAndChargedOnlyByAnOperator() {
        String query = "/payments?orderId=" + UUID.randomUUID();
        io.restassured.RestAssured.given().get(query).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        io.restassured.RestAssured.given().get("/payments/direct").then().statusCode(401);
        io.restassured.RestAssured.given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.customer("c-1")).get(query)
                .then().statusCode(403).contentType("application/problem+json");
        io.restassured.RestAssured.given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.admin()).get(query)
                .then().statusCode(403);
        Operators.auditor().get(query).then().statusCode(200);
        Operators.auditor().get("/payments/direct").then().statusCode(200);

        String charge = "{\"reference\":\"r-1\",\"amount\":{\"amount\":100,\"currency\":\"EUR\"},\"paymentToken\":\"tok_visa\"}";
        for (var caller : java.util.List.of(io.restassured.RestAssured.given(), Operators.auditor(),
                io.restassured.RestAssured.given().auth().oauth2(dev.checkoutsaga.testkit.TestTokens.customer("c-1")))) {
            int status = caller.contentType("application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(charge).post("/payments").statusCode();
            org.junit.jupiter.api.Assertions.assertTrue(status == 401 || status == 403, "refused, not " + status);
        }
    }

    @Test
    void anUnknownOrMalformedPaymentIdIsA404Problem() {
        Operators.operator().get("/payments/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        Operators.operator().get("/payments/{id}", "nope").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Override
    public String tableTheReadNeeds() {
        return "payment";
    }

    @Override
    public io.restassured.response.Response readThroughApi() {
        return Operators.operator().queryParam("orderId", UUID.randomUUID().toString()).get("/payments");
    }
}
