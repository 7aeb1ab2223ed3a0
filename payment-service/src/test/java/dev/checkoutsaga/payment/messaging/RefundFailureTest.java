package dev.checkoutsaga.payment.messaging;

import static dev.checkoutsaga.payment.support.Fixtures.await;
import static dev.checkoutsaga.payment.support.Fixtures.cancel;
import static dev.checkoutsaga.payment.support.Fixtures.ledger;
import static dev.checkoutsaga.payment.support.Fixtures.payment;
import static dev.checkoutsaga.payment.support.Fixtures.publish;
import static dev.checkoutsaga.payment.support.Fixtures.chargeRequest;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent.PaymentRefundFailed;
import dev.checkoutsaga.events.SagaEvent.PaymentSettled;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.support.Operators;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.payment.support.Sandbox;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.PrometheusText;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A refund of a cancelled order that the provider (the real sandbox, with its fault controls)
 * refuses: for a while (retried until it goes through, refunded once), and for good (not retried,
 * recorded where people see it, refunded once an operator retries it after the cause is fixed).
 */
@QuarkusTest
@Order(12)
class RefundFailureTest {

    static KafkaProbe probe;

    @BeforeAll
    static void subscribe() {
        Fixtures.createTopics();
        probe = Fixtures.paymentsProbe();
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    @AfterEach
    void healthyAndQuiet() {
        Sandbox.heal();
        Fixtures.awaitNoPendingSteps();
    }

    private static void refundFault(String json) {
        Sandbox.fault("refunds", json);
    }

    private static int refundRequests() {
        return Sandbox.requests("refunds");
    }

    private static double refundsFailedGauge() {
        return PrometheusText.scrape("payment_refunds_failed");
    }

    private static UUID capturedOrder() {
        UUID orderId = UUID.randomUUID();
        publish(chargeRequest(orderId, "tok_visa"));
        await(probe, orderId, EventType.PAYMENT_CAPTURED);
        return orderId;
    }

    @Test
    void aRefundTheProviderRefusesForAWhileIsRetriedUntilItGoesThroughAndRefundsOnce() {
        UUID orderId = capturedOrder();
        refundFault("{\"errorRate\": 1, \"errorStatus\": 503, \"times\": 4}");
        publish(cancel(orderId));

        PaymentSettled settled = await(probe, orderId, EventType.PAYMENT_SETTLED);
        assertEquals(Fixtures.TOTAL, settled.refunded());
        assertTrue(refundRequests() >= 5, "4 refused, then the one that refunded: " + refundRequests());
        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("refunds").size(), books.prettify());
        assertEquals(0, books.getLong("net"));
        assertEquals("REFUNDED", payment(orderId).getString("status"));
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_REFUND_FAILED, Duration.ZERO));
    }

    @Test
    void aRefundTheProviderRefusesForGoodIsShownAndCountedAndRefundedOnceAnOperatorRetriesIt() {
        UUID orderId = capturedOrder();
        double failedBefore = refundsFailedGauge();
        refundFault("{\"errorRate\": 1, \"errorStatus\": 404}");
        publish(cancel(orderId));

        PaymentRefundFailed failed = await(probe, orderId, EventType.PAYMENT_REFUND_FAILED);
        assertEquals(Fixtures.TOTAL, failed.amount());
        assertTrue(failed.reason().contains("404"), failed.reason());
        Fixtures.awaitNoPendingSteps();
        assertEquals(1, refundRequests(), "refused for good: asked once, never again");
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_SETTLED, Duration.ZERO), "not settled: still charged");
        JsonPath p = payment(orderId);
        assertEquals("REFUND_FAILED", p.getString("status"));
        assertEquals("refund_refused_404", p.getString("failureCode"));
        assertFalse(p.getBoolean("settled"));
        assertEquals(3998, ledger(orderId).getLong("net"), "the money is still charged");
        await().atMost(Fixtures.WAIT).until(() -> refundsFailedGauge() == failedBefore + 1);

        // the cause is fixed at the provider; an operator retries the refund
        Sandbox.heal();
        UUID paymentId = PaymentSaga.paymentIdFor(orderId);
        Operators.operator().post("/payments/{id}/refund", paymentId).then().statusCode(202)
                .body("status", org.hamcrest.Matchers.equalTo("REFUND_PENDING"));

        PaymentSettled settled = await(probe, orderId, EventType.PAYMENT_SETTLED);
        assertEquals(Fixtures.TOTAL, settled.refunded());
        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("refunds").size(), books.prettify());
        assertEquals(0, books.getLong("net"));
        assertEquals("REFUNDED", payment(orderId).getString("status"));
        await().atMost(Fixtures.WAIT).until(() -> refundsFailedGauge() == failedBefore);

        // only a refused refund can be retried; an auditor cannot retry at all
        Operators.operator().post("/payments/{id}/refund", paymentId).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("REFUNDED"));
        Operators.auditor().post("/payments/{id}/refund", paymentId).then().statusCode(403);
        Operators.operator().post("/payments/{id}/refund", UUID.randomUUID()).then().statusCode(404);
    }
}
