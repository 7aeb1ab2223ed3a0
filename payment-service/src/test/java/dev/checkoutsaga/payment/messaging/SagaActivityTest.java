package dev.checkoutsaga.payment.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.payment.support.Operators;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.SandboxResource;
import dev.checkoutsaga.testkit.Outages;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;

/**
 * {@code GET /saga/activity} (platform/outbox), which the audit waits on: a step waiting for the
 * provider keeps the service busy, a poison event ends up counted as a dead letter without leaving
 * lag behind, and an idle service is quiet.
 */
@QuarkusTest
class SagaActivityTest {
    private static final Duration SETTLE = Duration.ofSeconds(60);

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeAll
    static void topics() {
        Fixtures.createTopics();
    }

    @BeforeEach
    @AfterEach
    void healthyProvider() {
        given().baseUri(SandboxResource.url()).delete("/v1/admin/faults").then().statusCode(204);
        breakers.resetAll();
    }

    private static JsonPath activity() {
        return Operators.auditor().get("/saga/activity").then().statusCode(200).extract().jsonPath();
    }

    private static boolean quiet(JsonPath a) {
        return a.getMap("work", String.class, Integer.class).values().stream().allMatch(n -> n == 0)
                && a.getMap("consumerLag", String.class, Integer.class).values().stream().allMatch(n -> n == 0);
    }

    @Test
    void anIdleServiceIsQuietAndNamesItsWorkAndItsConsumerGroup() {
        await().atMost(SETTLE).until(() -> quiet(activity()));
        JsonPath a = activity();
        assertEquals("payment-service", a.getString("service"));
        assertEquals(java.util.Set.of("outbox.unpublished", "steps.pending"), a.getMap("work").keySet());
        assertEquals(java.util.Set.of("payment-service"), a.getMap("consumerLag").keySet());
    }

    @Test
    void aChargeWaitingForTheProviderKeepsTheServiceBusyUntilItIsDone() {
        given().baseUri(SandboxResource.url()).contentType(ContentType.JSON)
                .body("{\"errorRate\": 1, \"errorStatus\": 503}").put("/v1/admin/faults/charges").then().statusCode(200);
        UUID orderId = UUID.randomUUID();
        try (KafkaProbe probe = Fixtures.paymentsProbe()) {
            Fixtures.publish(Fixtures.chargeRequest(orderId, "tok_visa"));
            await().atMost(SETTLE).until(() -> activity().getInt("work.'steps.pending'") >= 1);
            assertFalse(quiet(activity()), "a pending charge is work in progress");

            given().baseUri(SandboxResource.url()).delete("/v1/admin/faults").then().statusCode(204);
            Fixtures.await(probe, orderId, EventType.PAYMENT_CAPTURED);
        }
        await().atMost(SETTLE).until(() -> quiet(activity()));
    }

    @Test
    void aPoisonEventIsCountedAsADeadLetterAndLeavesNoLag() {
        await().atMost(SETTLE).until(() -> quiet(activity()));
        int before = activity().getInt("deadLetters");
        UUID orderId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        try (KafkaProbe dlq = KafkaProbe.subscribe(Fixtures.bootstrap(), "checkout.dlq.payment-service")) {
            KafkaProbe.publish(Fixtures.bootstrap(), Topics.ORDERS, orderId.toString(), EventType.ORDER_PLACED.ceType(),
                    eventId, "{this is not json", null);
            var letter = dlq.awaitMatching(r -> eventId.toString().equals(KafkaProbe.header(r, "ce_id")), SETTLE)
                    .orElseThrow(() -> new AssertionError("not dead-lettered"));
            // what an operator needs to judge and replay it (deploy/local/stack dlq): why, and from where
            assertEquals(Topics.ORDERS, KafkaProbe.header(letter, "dead-letter-topic"));
            assertTrue(KafkaProbe.header(letter, "dead-letter-partition").matches("\\d+"));
            assertTrue(KafkaProbe.header(letter, "dead-letter-offset").matches("\\d+"));
            assertTrue(KafkaProbe.header(letter, "dead-letter-reason") != null, "a reason");
            assertEquals(orderId.toString(), letter.key());
        }
        await().atMost(SETTLE).until(() -> activity().getInt("deadLetters") == before + 1);
        await().atMost(SETTLE).until(() -> quiet(activity()));
    }

    /**
     * The audit must never read "quiet" from a service it cannot see into: without its database or its
     * broker the answer is a 503 problem (the audit asks again), never zeros and never a 500.
     */
    @Test
    void withoutItsDatabaseOrItsBrokerTheActivityIsA503ProblemNotAQuietAnswer() {
        for (java.util.function.Supplier<io.restassured.response.Response> outage : java.util.List.<java.util.function.Supplier<io.restassured.response.Response>>of(
                () -> Outages.whilePostgresIsDown(() -> Operators.auditor().get("/saga/activity")),
                () -> Outages.whileKafkaIsDown(() -> Operators.auditor().get("/saga/activity")))) {
            io.restassured.response.Response answer = outage.get();
            assertEquals(503, answer.statusCode(), answer.asString());
            assertEquals("application/problem+json", answer.contentType().split(";")[0]);
        }
        await().atMost(Fixtures.WAIT).until(() -> Operators.auditor().get("/saga/activity").statusCode() == 200);
    }

    @Test
    void onlyTheAuditAndTheBackOfficeMayReadIt() {
        given().get("/saga/activity").then().statusCode(401);
        given().auth().oauth2(TestTokens.customer("c-1")).get("/saga/activity").then().statusCode(403);
        given().auth().oauth2(TestTokens.admin()).get("/saga/activity").then().statusCode(200);
        Map<String, Object> body = activity().getMap("$");
        assertTrue(body.containsKey("deadLetters"), body.toString());
    }
}
