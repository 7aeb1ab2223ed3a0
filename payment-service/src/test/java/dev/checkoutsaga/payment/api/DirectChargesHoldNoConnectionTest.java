package dev.checkoutsaga.payment.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.payment.domain.DirectPayments;
import dev.checkoutsaga.payment.support.Operators;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.testkit.SandboxResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A hanging provider does not take the database from everyone else: with a pool of 3 connections,
 * 6 direct charges wait on the provider while the API still reads from PostgreSQL, because a direct
 * charge holds no connection (and no lock) across the provider call. Each one is recorded PENDING
 * first, and charged once when the provider answers again.
 */
@QuarkusTest
@TestProfile(DirectChargesHoldNoConnectionTest.SmallPool.class)
@Order(31)
class DirectChargesHoldNoConnectionTest {

    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "3");
        }
    }

    private static Response charge(String key) {
        return Operators.operator().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"reference\":\"hang-" + key.substring(0, 8) + "\",\"amount\":{\"amount\":700,\"currency\":\"EUR\"},"
                        + "\"paymentToken\":\"tok_visa\"}")
                .post("/payments");
    }

    @Test
    void sixChargesWaitingOnAHangingProviderLeaveThePoolOfThreeToTheRestAndEachIsChargedOnceLater() throws Exception {
        given().baseUri(SandboxResource.url()).contentType(ContentType.JSON).body("{\"mode\": \"hang\"}")
                .put("/v1/admin/faults/charges").then().statusCode(200);
        List<String> keys = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<Response>> charges = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                String key = UUID.randomUUID().toString();
                keys.add(key);
                charges.add(clients.submit(() -> charge(key)));
            }
            // every charge reached the provider: each one's intent committed before its call
            await().atMost(Fixtures.WAIT).until(() -> given().baseUri(SandboxResource.url()).get("/v1/admin/faults/charges")
                    .then().extract().<Integer>path("requests") >= 6);
            Operators.auditor().get("/payments/direct?limit=500").then().statusCode(200);
            Operators.auditor().get("/payments/saga").then().statusCode(200);
            assertTrue(charges.stream().noneMatch(Future::isDone),
                    "the reads answered while all six charges still waited on the provider");
            for (Future<Response> f : charges) {
                assertEquals(503, f.get(60, TimeUnit.SECONDS).statusCode(), "no answer from the provider: 503");
            }
        } finally {
            clients.shutdownNow();
            given().baseUri(SandboxResource.url()).delete("/v1/admin/faults").then().statusCode(204);
        }
        // the step worker finishes each one: one charge per payment at the provider
        for (String key : keys) {
            UUID paymentId = DirectPayments.paymentIdFor(Operators.OPERATOR, key);
            await().atMost(Fixtures.WAIT).until(() -> "CAPTURED".equals(Operators.operator()
                    .get("/payments/{id}", paymentId).then().statusCode(200).extract().path("status")));
            assertEquals(1, Fixtures.ledger(paymentId).getList("charges").size());
        }
    }
}
