package dev.checkoutsaga.payment.messaging;

import dev.checkoutsaga.payment.support.Operators;

import static dev.checkoutsaga.payment.support.Fixtures.TOTAL;
import static dev.checkoutsaga.payment.support.Fixtures.WAIT;
import static dev.checkoutsaga.payment.support.Fixtures.await;
import static dev.checkoutsaga.payment.support.Fixtures.cancel;
import static dev.checkoutsaga.payment.support.Fixtures.ledger;
import static dev.checkoutsaga.payment.support.Fixtures.payment;
import static dev.checkoutsaga.payment.support.Fixtures.publish;
import static dev.checkoutsaga.payment.support.Fixtures.chargeRequest;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent.PaymentSettled;
import dev.checkoutsaga.payment.client.PaymentProvider;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.steps.PendingStep;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.SandboxResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * A cancellation that arrives while the charge is PENDING, made deterministic: the step worker is
 * off in this profile, so the test decides when the charge step runs and whether it is a first
 * attempt or a retry, and invokes the real {@link ChargeStep} / {@link RefundStep} beans exactly as
 * the worker would (same PendingStep row, attempt number as claimed).
 */
@QuarkusTest
@TestProfile(CancelWhileChargePendingTest.WorkerOff.class)
@Order(10)
class CancelWhileChargePendingTest {

    public static class WorkerOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("saga.steps.worker-enabled", "false");
        }
    }

    static KafkaProbe probe;

    @Inject
    ChargeStep chargeStep;
    @Inject
    RefundStep refundStep;

    @BeforeAll
    static void subscribe() {
        Fixtures.createTopics();
        probe = Fixtures.paymentsProbe();
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    /** StockReserved then the cancellation, both handled; the charge step is pending and has not run. */
    private static UUID pendingAndCancelled() {
        UUID orderId = UUID.randomUUID();
        publish(chargeRequest(orderId, "tok_visa"));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(200,
                Operators.operator().get("/payments/{id}", PaymentSaga.paymentIdFor(orderId)).statusCode()));
        publish(cancel(orderId));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(true, payment(orderId).getBoolean("cancelRequested")));
        JsonPath p = payment(orderId);
        assertEquals("PENDING", p.getString("status"), "the charge step settles, not the consumer");
        assertEquals(false, p.getBoolean("settled"));
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_SETTLED, Duration.ofMillis(300)));
        return orderId;
    }

    /** Runs the order's pending step of this kind as the worker would on its {@code attempt}-th claim. */
    private void runStep(UUID orderId, String kind, int attempt) throws Throwable {
        UUID stepId = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .flatMap(s -> s.createNativeQuery("select id from pending_step where order_id = ?1 and kind = ?2", UUID.class)
                        .setParameter(1, orderId).setParameter(2, kind).getSingleResult())));
        PendingStep step = new PendingStep(stepId, orderId, kind, attempt, io.opentelemetry.context.Context.root());
        VertxContextSupport.subscribeAndAwait(() -> (kind.equals(PaymentSaga.CHARGE_STEP) ? chargeStep : refundStep).run(step));
    }

    @Test
    void cancelledBeforeTheFirstChargeAttemptSettlesWithoutEverCallingTheProvider() throws Throwable {
        UUID orderId = pendingAndCancelled();

        runStep(orderId, PaymentSaga.CHARGE_STEP, 1);

        PaymentSettled settled = await(probe, orderId, EventType.PAYMENT_SETTLED);
        assertEquals(Money.zero("EUR"), settled.refunded());
        assertEquals(0, ledger(orderId).getList("charges").size(), "the provider never saw the order");
        JsonPath p = payment(orderId);
        assertEquals("CANCELLED", p.getString("status"));
        assertEquals(true, p.getBoolean("settled"));
        assertEquals(0, p.getLong("captured.amount"));
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_CAPTURED, Duration.ZERO));
    }

    /**
     * The first attempt reached the provider (it charged under the step's key) but its answer was
     * lost; the cancellation came meanwhile. The retry replays the charge with the same key, learns
     * that it succeeded, and refunds it instead of emitting PaymentCaptured.
     */
    @Test
    void cancelledAfterAnAttemptThatChargedTheRetryReplaysTheChargeAndRefundsIt() throws Throwable {
        UUID orderId = pendingAndCancelled();
        UUID paymentId = PaymentSaga.paymentIdFor(orderId);
        given().baseUri(SandboxResource.url()).header("Idempotency-Key", PaymentSaga.chargeKey(paymentId))
                .contentType(ContentType.JSON).body(PaymentProvider.chargeRequest(orderId, TOTAL, "tok_visa"))
                .post("/v1/charges").then().statusCode(201);

        runStep(orderId, PaymentSaga.CHARGE_STEP, 2);
        JsonPath p = payment(orderId);
        assertEquals("REFUND_PENDING", p.getString("status"));
        assertEquals(3998, p.getLong("captured.amount"));
        runStep(orderId, PaymentSaga.REFUND_STEP, 1);

        PaymentSettled settled = await(probe, orderId, EventType.PAYMENT_SETTLED);
        assertEquals(TOTAL, settled.refunded());
        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("charges").size(), "the retry replayed, it did not charge again: " + books.prettify());
        assertEquals(1, books.getList("refunds").size());
        assertEquals(0, books.getLong("net"));
        p = payment(orderId);
        assertEquals("REFUNDED", p.getString("status"));
        assertEquals(3998, p.getLong("refunded.amount"));
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_CAPTURED, Duration.ZERO),
                "a cancelled order's charge is undone, never announced");
    }

    /** The retry of a cancelled payment whose earlier attempt declined: settles with nothing refunded. */
    @Test
    void cancelledAfterAnAttemptThatWasDeclinedTheRetrySettlesWithNothingRefunded() throws Throwable {
        UUID orderId = UUID.randomUUID();
        publish(chargeRequest(orderId, "tok_declined"));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(200,
                Operators.operator().get("/payments/{id}", PaymentSaga.paymentIdFor(orderId)).statusCode()));
        publish(cancel(orderId));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(true, payment(orderId).getBoolean("cancelRequested")));

        runStep(orderId, PaymentSaga.CHARGE_STEP, 2);

        PaymentSettled settled = await(probe, orderId, EventType.PAYMENT_SETTLED);
        assertEquals(Money.zero("EUR"), settled.refunded());
        JsonPath p = payment(orderId);
        assertEquals("DECLINED", p.getString("status"));
        assertEquals("card_declined", p.getString("failureCode"));
        assertEquals(true, p.getBoolean("settled"));
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_DECLINED, Duration.ZERO),
                "the order is already cancelling: no decline to report");
        assertEquals(0, ledger(orderId).getLong("net"));
    }
}
