package dev.checkoutsaga.payment.messaging;

import static dev.checkoutsaga.payment.support.Fixtures.WAIT;
import static dev.checkoutsaga.payment.support.Fixtures.await;
import static dev.checkoutsaga.payment.support.Fixtures.cancel;
import static dev.checkoutsaga.payment.support.Fixtures.ledger;
import static dev.checkoutsaga.payment.support.Fixtures.payment;
import static dev.checkoutsaga.payment.support.Fixtures.publish;
import static dev.checkoutsaga.payment.support.Fixtures.chargeRequest;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.SagaEvent.PaymentSettled;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** OrderCancellationRequested settles every order exactly once, by tombstone or refund, in any order with StockReserved. */
@QuarkusTest
@Order(2)
class CancellationSagaTest {

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

    @Test
    void cancelBeforeStockReservedLeavesATombstoneAndTheLateStockReservedChargesNothing() {
        UUID orderId = UUID.randomUUID();
        publish(cancel(orderId));
        PaymentSettled settled = await(probe, orderId, EventType.PAYMENT_SETTLED);
        assertEquals(new Money(0, "XXX"), settled.refunded(), "nothing refunded; the currency was never known");

        publish(chargeRequest(orderId, "tok_visa"));
        Fixtures.awaitHandled(probe, orderId, Fixtures.CHARGE_TOPIC);

        assertEquals(java.util.List.of(EventType.PAYMENT_SETTLED.ceType()), probe.typesFor(orderId.toString()),
                "no PaymentCaptured for a cancelled order");
        JsonPath books = ledger(orderId);
        assertEquals(0, books.getList("charges").size(), "the provider never saw the order: " + books.prettify());
        JsonPath p = payment(orderId);
        assertEquals("TOMBSTONE", p.getString("status"));
        assertEquals(true, p.getBoolean("settled"));
        assertEquals(true, p.getBoolean("cancelRequested"));
        assertNull(p.get("amount"));
        assertEquals(0, p.getLong("captured.amount"));
    }

    @Test
    void cancelAfterCaptureRefundsTheChargeAndSettlesWithTheRefundedAmount() {
        UUID orderId = UUID.randomUUID();
        publish(chargeRequest(orderId, "tok_visa"));
        await(probe, orderId, EventType.PAYMENT_CAPTURED);

        publish(cancel(orderId));
        PaymentSettled settled = await(probe, orderId, EventType.PAYMENT_SETTLED);
        assertEquals(Fixtures.TOTAL, settled.refunded());

        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("refunds").size(), books.prettify());
        assertEquals(3998, books.getLong("captured"));
        assertEquals(3998, books.getLong("refunded"));
        assertEquals(0, books.getLong("net"));
        JsonPath p = payment(orderId);
        assertEquals("REFUNDED", p.getString("status"));
        assertEquals(3998, p.getLong("captured.amount"));
        assertEquals(3998, p.getLong("refunded.amount"));
        assertEquals("EUR", p.getString("refunded.currency"));
        assertEquals(true, p.getBoolean("settled"));
    }

    @Test
    void aCancellationDeliveredTwiceOrRepeatedSettlesAndRefundsOnce() {
        UUID orderId = UUID.randomUUID();
        publish(chargeRequest(orderId, "tok_visa"));
        await(probe, orderId, EventType.PAYMENT_CAPTURED);

        OrderCancellationRequested cancel = cancel(orderId);
        UUID eventId = UUID.randomUUID();
        publish(cancel, eventId, null);
        publish(cancel, eventId, null); // redelivery
        publish(cancel); // a second cancellation under a new id
        await(probe, orderId, EventType.PAYMENT_SETTLED);
        Fixtures.awaitHandled(probe, orderId, Topics.ORDERS);

        assertEquals(1, Fixtures.count(probe, orderId, EventType.PAYMENT_SETTLED, Duration.ofMillis(500)));
        JsonPath books = ledger(orderId);
        assertEquals(1, books.getList("refunds").size(), books.prettify());
        assertEquals(0, books.getLong("net"));
    }

    @Test
    void cancelAfterADeclineSettlesWithNothingRefundedInTheOrdersCurrency() {
        UUID orderId = UUID.randomUUID();
        publish(chargeRequest(orderId, "tok_declined"));
        await(probe, orderId, EventType.PAYMENT_DECLINED);

        publish(cancel(orderId));
        PaymentSettled settled = await(probe, orderId, EventType.PAYMENT_SETTLED);
        assertEquals(Money.zero("EUR"), settled.refunded());
        assertEquals(0, ledger(orderId).getList("refunds").size());
        JsonPath p = payment(orderId);
        assertEquals("DECLINED", p.getString("status"));
        assertEquals(true, p.getBoolean("settled"));
    }

    /**
     * StockReserved and the cancellation arrive back to back, in both orders (different topics,
     * different consumers: they really race with each other and with the charge step). Whatever
     * happened in between, the order settles once and the provider's books are net zero and agree
     * with what the settlement and the API say.
     */
    @Test
    void stockReservedAndCancellationBackToBackInEitherOrderSettleOnceWithNetZero() {
        UUID reservedFirst = UUID.randomUUID();
        UUID cancelledFirst = UUID.randomUUID();
        publish(chargeRequest(reservedFirst, "tok_visa"));
        publish(cancel(reservedFirst));
        publish(cancel(cancelledFirst));
        publish(chargeRequest(cancelledFirst, "tok_visa"));

        for (UUID orderId : new UUID[] { reservedFirst, cancelledFirst }) {
            PaymentSettled settled = await(probe, orderId, EventType.PAYMENT_SETTLED);
            Fixtures.awaitHandled(probe, orderId, Fixtures.CHARGE_TOPIC);
            Fixtures.awaitHandled(probe, orderId, Topics.ORDERS);
            await().atMost(WAIT).untilAsserted(() -> {
                JsonPath books = ledger(orderId);
                assertEquals(0, books.getLong("net"), books.prettify());
                assertEquals(settled.refunded().amountMinor(), books.getLong("refunded"), "the settlement says what was refunded");
                JsonPath p = payment(orderId);
                assertEquals(true, p.getBoolean("settled"));
                assertEquals(books.getLong("captured"), p.getLong("captured.amount"), "the API agrees with the provider");
                assertEquals(books.getLong("refunded"), p.getLong("refunded.amount"));
            });
            assertEquals(1, Fixtures.count(probe, orderId, EventType.PAYMENT_SETTLED, Duration.ZERO), orderId.toString());
        }
    }
}
