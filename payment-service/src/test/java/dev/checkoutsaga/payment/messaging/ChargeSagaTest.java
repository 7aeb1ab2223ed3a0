package dev.checkoutsaga.payment.messaging;

import dev.checkoutsaga.payment.support.Operators;

import static dev.checkoutsaga.payment.support.Fixtures.ADDRESS;
import static dev.checkoutsaga.payment.support.Fixtures.TOTAL;
import static dev.checkoutsaga.payment.support.Fixtures.WAIT;
import static dev.checkoutsaga.payment.support.Fixtures.await;
import static dev.checkoutsaga.payment.support.Fixtures.ledger;
import static dev.checkoutsaga.payment.support.Fixtures.payment;
import static dev.checkoutsaga.payment.support.Fixtures.publish;
import static dev.checkoutsaga.payment.support.Fixtures.chargeRequest;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.OrderLine;
import dev.checkoutsaga.events.SagaEvent.OrderPlaced;
import dev.checkoutsaga.events.SagaEvent.PaymentCaptured;
import dev.checkoutsaga.events.SagaEvent.PaymentDeclined;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.payment.client.PaymentProvider;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.SandboxResource;
import dev.checkoutsaga.testkit.TestPaymentTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** StockReserved -> one charge at the real provider -> PaymentCaptured / PaymentDeclined, whatever is redelivered or lost. */
@QuarkusTest
@Order(1)
class ChargeSagaTest {

    static KafkaProbe probe;

    @Inject
    AgroalDataSource db;

    @BeforeAll
    static void subscribe() {
        Fixtures.createTopics();
        probe = Fixtures.paymentsProbe();
    }

    @AfterAll
    static void close() {
        probe.close();
    }

    @Test
    void stockReservedChargesTheProviderOnceAndEmitsPaymentCapturedInTheOrdersTrace() {
        UUID orderId = UUID.randomUUID();
        UUID paymentId = PaymentSaga.paymentIdFor(orderId);
        String traceParent = KafkaProbe.newTraceParent();
        publish(chargeRequest(orderId, "tok_visa"), UUID.randomUUID(), traceParent);

        ConsumerRecord<String, byte[]> record = probe.await(orderId.toString(), EventType.PAYMENT_CAPTURED.ceType(), WAIT);
        PaymentCaptured captured = (PaymentCaptured) EventCodec.fromJson(EventType.PAYMENT_CAPTURED, record.value());
        assertEquals(new PaymentCaptured(orderId, paymentId, TOTAL, ADDRESS), captured,
                "amount and the shipping address are forwarded to shipping");
        assertEquals(TraceContexts.traceIdOf(traceParent), TraceContexts.traceIdOf(KafkaProbe.header(record, "traceparent")),
                "the step's event joins the trace of the StockReserved that caused it");

        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals("succeeded", books.getString("charges[0].status"));
        assertEquals(3998, books.getLong("captured"));
        assertEquals(3998, books.getLong("net"));

        JsonPath p = payment(orderId);
        assertEquals("CAPTURED", p.getString("status"));
        assertEquals(orderId.toString(), p.getString("orderId"));
        assertEquals(3998, p.getLong("amount.amount"));
        assertEquals("EUR", p.getString("amount.currency"));
        assertEquals(3998, p.getLong("captured.amount"));
        assertEquals(0, p.getLong("refunded.amount"));
        assertEquals(books.getString("charges[0].id"), p.getString("providerChargeId"),
                "the payment names the provider's charge");
        assertEquals(false, p.getBoolean("cancelRequested"));
        assertEquals(false, p.getBoolean("settled"));
        assertNotNull(p.getString("createdAt"));
        assertNull(storedCardToken(orderId), "the card token is erased once the charge has its outcome");
    }

    /**
     * The order's deadline travels with StockReserved (and on with PaymentCaptured): a charge is not
     * started for an order past it. The payment waits EXPIRED, nothing reaches the provider, and the
     * cancellation the deadline brings (order-service's deadline job) settles it with nothing charged.
     */
    @Test
    void aStockReservedPastTheOrdersDeadlineStartsNoChargeAndTheCancellationSettlesItWithNothingCharged() {
        UUID orderId = UUID.randomUUID();
        publish(chargeRequest(orderId, "tok_visa", Instant.now().minusSeconds(1)));

        await().atMost(WAIT).ignoreExceptions().until(() -> "EXPIRED".equals(payment(orderId).getString("status")));
        assertEquals(0, ledger(orderId).getList("charges").size(), "the provider was never asked");
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_CAPTURED, Duration.ZERO));
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_DECLINED, Duration.ZERO));

        publish(Fixtures.cancel(orderId));
        assertEquals(Money.zero("EUR"), Fixtures.<dev.checkoutsaga.events.SagaEvent.PaymentSettled> await(probe, orderId,
                EventType.PAYMENT_SETTLED).refunded());
        assertEquals(true, payment(orderId).getBoolean("settled"));
    }

    @Test
    void anOnTimeChargeForwardsTheOrdersDeadlineToShipping() {
        UUID orderId = UUID.randomUUID();
        Instant deadline = Instant.now().plusSeconds(300).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        publish(chargeRequest(orderId, "tok_visa", deadline));
        PaymentCaptured captured = await(probe, orderId, EventType.PAYMENT_CAPTURED);
        assertEquals(deadline, captured.deadline());
    }

    private String storedCardToken(UUID orderId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("select payment_token from payment where order_id = ?")) {
            ps.setObject(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no payment row for " + orderId);
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOrderPlacedOnTheSharedOrdersTopicIsSkippedWithoutATransactionOrAnInboxRow() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID eventId = publish(new OrderPlaced(orderId, "c-1", List.of(new OrderLine("SKU-1", 2, new Money(1999, "EUR"))),
                TOTAL, ADDRESS, "tok_visa", Instant.now().plusSeconds(60)));
        Fixtures.awaitHandled(probe, orderId, Topics.ORDERS); // the consumer is past it

        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from inbox_event where event_id = ?")) {
            ps.setObject(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getInt(1), "OrderPlaced is not payment's: no inbox row");
            }
        }
        Operators.operator().get("/payments?orderId=" + orderId).then().statusCode(200).body("size()", is(0));
        assertTrue(given().get("/q/metrics").asString().lines().anyMatch(l -> l.startsWith("saga_inbox_events_ignored_total")
                && l.contains("event_type=\"OrderPlaced\"") && !l.endsWith(" 0.0")));
    }

    @Test
    void aTotalBeyondTheChargeBoundsIsDeclinedWithoutReachingTheProvider() {
        UUID orderId = UUID.randomUUID();
        publish(Fixtures.chargeRequestOf(orderId, new Money(1_000_001, "EUR")));

        PaymentDeclined declined = await(probe, orderId, EventType.PAYMENT_DECLINED);
        assertEquals("amount_out_of_bounds", declined.reason());
        assertEquals(0, ledger(orderId).getList("charges").size(), "the provider was never asked");
        assertEquals("DECLINED", payment(orderId).getString("status"));
    }

    @Test
    void aCardTokenInTheClearIsDeclinedWithoutReachingTheProvider() {
        UUID orderId = UUID.randomUUID();
        publish(Fixtures.chargeRequestWithToken(orderId, "tok_visa"));

        PaymentDeclined declined = await(probe, orderId, EventType.PAYMENT_DECLINED);
        assertEquals("unreadable_payment_token", declined.reason());
        assertEquals(0, ledger(orderId).getList("charges").size(), "the provider was never asked");
        assertEquals("DECLINED", payment(orderId).getString("status"));
        assertNull(storedCardToken(orderId));
    }

    @Test
    void aSealedTokenCopiedFromAnotherOrderIsDeclinedWithoutReachingTheProvider() {
        UUID victim = UUID.randomUUID();
        UUID orderId = UUID.randomUUID();
        publish(Fixtures.chargeRequestWithToken(orderId, TestPaymentTokens.sealed(victim, "tok_visa")));

        PaymentDeclined declined = await(probe, orderId, EventType.PAYMENT_DECLINED);
        assertEquals("unreadable_payment_token", declined.reason());
        assertEquals(0, ledger(orderId).getList("charges").size(), "the provider was never asked");
    }

    @Test
    void aDeclinedCardEmitsPaymentDeclinedWithTheProvidersReasonAndMovesNoMoney() {
        UUID orderId = UUID.randomUUID();
        publish(chargeRequest(orderId, "tok_insufficient_funds"));

        PaymentDeclined declined = await(probe, orderId, EventType.PAYMENT_DECLINED);
        assertEquals(new PaymentDeclined(orderId, PaymentSaga.paymentIdFor(orderId), "insufficient_funds"), declined);

        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("charges").size(), books.prettify());
        assertEquals("failed", books.getString("charges[0].status"));
        assertEquals(0, books.getLong("captured"));

        JsonPath p = payment(orderId);
        assertEquals("DECLINED", p.getString("status"));
        assertEquals("insufficient_funds", p.getString("failureCode"));
        assertNull(storedCardToken(orderId), "a declined card's token is erased too");
        assertEquals(0, p.getLong("captured.amount"));
        assertEquals(0, Fixtures.count(probe, orderId, EventType.PAYMENT_CAPTURED, Duration.ZERO));
    }

    /**
     * The order API accepts a card token of up to 128 characters; its sealed form is longer. It must be
     * kept and reach the provider (which declines this made-up one), not fail the handler on every try.
     */
    @Test
    void aCardTokenAsLongAsTheOrderApiAcceptsIsKeptAndReachesTheProvider() {
        UUID orderId = UUID.randomUUID();
        publish(chargeRequest(orderId, "tok_" + "x".repeat(124)));

        PaymentDeclined declined = await(probe, orderId, EventType.PAYMENT_DECLINED);
        assertEquals("invalid_token", declined.reason());
        assertEquals(1, ledger(orderId).getList("charges").size(), "the provider was asked once, with the token");
        assertEquals("DECLINED", payment(orderId).getString("status"));
    }

    @Test
    void theSameStockReservedDeliveredTwiceOrRepeatedUnderANewIdChargesOnce() {
        UUID orderId = UUID.randomUUID();
        SagaEvent event = chargeRequest(orderId, "tok_visa");
        UUID eventId = UUID.randomUUID();
        publish(event, eventId, null);
        publish(event, eventId, null); // redelivery: same ce_id
        publish(event); // a repeat under a new ce_id

        await(probe, orderId, EventType.PAYMENT_CAPTURED);
        Fixtures.awaitHandled(probe, orderId, Fixtures.CHARGE_TOPIC);
        // the charge step runs after the consumer: give a (wrong) second charge its chance to show up
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() ->
                assertEquals(1, ledger(orderId).getList("charges").size(), "one charge at the provider"));
        assertEquals(1, Fixtures.count(probe, orderId, EventType.PAYMENT_CAPTURED, Duration.ofMillis(500)));
        assertEquals(3998, ledger(orderId).getLong("net"));
    }

    /**
     * "Crash between the provider's answer and the commit": the provider charged under the
     * deterministic key but payment-service never recorded the answer. Simulated faithfully by
     * charging first, with the very key and body the service sends, then delivering the event: the
     * service's call is a replay, the ledger still has one charge, and PaymentCaptured is emitted.
     */
    @Test
    void aChargeWhoseAnswerWasLostIsReplayedByTheProviderNotRepeated() {
        UUID orderId = UUID.randomUUID();
        UUID paymentId = PaymentSaga.paymentIdFor(orderId);
        String chargeId = given().baseUri(SandboxResource.url())
                .header("Idempotency-Key", PaymentSaga.chargeKey(paymentId))
                .contentType(ContentType.JSON)
                .body(PaymentProvider.chargeRequest(orderId, TOTAL, "tok_visa"))
                .post("/v1/charges").then().statusCode(201).extract().path("id");

        publish(chargeRequest(orderId, "tok_visa"));

        PaymentCaptured captured = await(probe, orderId, EventType.PAYMENT_CAPTURED);
        assertEquals(TOTAL, captured.amount());
        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("charges").size(), "charged once: " + books.prettify());
        assertEquals(3998, books.getLong("net"));
        assertEquals(chargeId, payment(orderId).getString("providerChargeId"));
    }
}
