package dev.checkoutsaga.payment.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.payment.support.Operators;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.PrometheusText;
import dev.checkoutsaga.testkit.SagaTestEvents;
import dev.checkoutsaga.testkit.ServiceDatabase;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Poison events of the two kinds the hanging one (HandlerKeepsTimingOutTest) and the undecodable
 * one (SagaActivityTest) leave: a version this build does not know, and one the handler fails on
 * every time. In both cases the event behind it on the same partition is handled; nothing is
 * written for the poisoned order, whose order ends by its deadline (or by a replay, see
 * docs/runbooks/dead-letter-topic-growing.md).
 */
@QuarkusTest
@Order(13)
class PoisonEventsTest {

    static KafkaProbe payments;
    static KafkaProbe deadLetters;

    @BeforeAll
    static void subscribe() {
        Fixtures.createTopics();
        payments = Fixtures.paymentsProbe();
        deadLetters = KafkaProbe.subscribe(Fixtures.bootstrap(), "checkout.dlq.payment-service");
    }

    @AfterAll
    static void close() {
        payments.close();
        deadLetters.close();
    }

    private static double unknownSkipped() {
        return PrometheusText.scrape("saga_inbox_unknown_skipped_total", "consumer_group=\"payment-service\"");
    }

    private static void nothingWrittenFor(UUID orderId) {
        assertEquals(0, Operators.operator().queryParam("orderId", orderId.toString()).get("/payments")
                .then().statusCode(200).extract().jsonPath().getList("$").size());
    }

    @Test
    void anEventOfAVersionThisBuildDoesNotKnowIsSkippedAndCountedAndItsPartitionMovesOn() {
        UUID newer = UUID.randomUUID();
        UUID next = SagaTestEvents.markerOnSamePartition(newer);
        double skippedBefore = unknownSkipped();
        // a newer producer's StockReserved v9 (its payload may mean something else: never guessed at)
        String v9 = Fixtures.CHARGE_REQUEST.ceType().replace(".v1", ".v9");
        KafkaProbe.publish(Fixtures.bootstrap(), Fixtures.CHARGE_TOPIC, newer.toString(), v9, UUID.randomUUID(),
                EventCodec.toJson(Fixtures.chargeRequest(newer, "tok_visa")), null);
        Fixtures.publish(Fixtures.chargeRequest(next, "tok_visa"));

        Fixtures.await(payments, next, EventType.PAYMENT_CAPTURED); // the partition moved on
        await().atMost(Fixtures.WAIT).until(() -> unknownSkipped() == skippedBefore + 1);
        nothingWrittenFor(newer);
    }

    @Test
    void anEventTheHandlerFailsOnEveryTimeIsRetriedThenDeadLetteredWithWhereItCameFromAndItsPartitionMovesOn() {
        UUID poisoned = UUID.randomUUID();
        UUID next = SagaTestEvents.markerOnSamePartition(poisoned);
        UUID eventId = UUID.randomUUID();
        // a handler bug: the handler's write of this order's payment fails the same way on every attempt
        // (a trigger raises a non-transient error, SQLSTATE P0001, for this one order only)
        ServiceDatabase.update("create function poison_test() returns trigger language plpgsql as $$ begin "
                + "raise exception 'handler bug (test) for order %', new.order_id; end $$");
        ServiceDatabase.update("create trigger poison_test before insert on payment for each row "
                + "when (new.order_id = '" + poisoned + "') execute function poison_test()");
        try {
            Fixtures.publish(Fixtures.chargeRequest(poisoned, "tok_visa"), eventId, null);
            Fixtures.publish(Fixtures.chargeRequest(next, "tok_visa"));

            ConsumerRecord<String, byte[]> letter = deadLetters.awaitMatching(
                    r -> eventId.toString().equals(KafkaProbe.header(r, "ce_id")), Fixtures.WAIT)
                    .orElseThrow(() -> new AssertionError("the failing event was not dead-lettered"));
            String reason = KafkaProbe.header(letter, "dead-letter-reason");
            assertTrue(reason != null && reason.contains("handler bug (test)"), reason);
            assertEquals(Fixtures.CHARGE_TOPIC, KafkaProbe.header(letter, "dead-letter-topic"));
            assertEquals(String.valueOf(SagaTestEvents.partitionOf(poisoned)), KafkaProbe.header(letter, "dead-letter-partition"));
            Fixtures.await(payments, next, EventType.PAYMENT_CAPTURED); // the partition moved on
            nothingWrittenFor(poisoned);
        } finally {
            ServiceDatabase.update("drop trigger poison_test on payment");
            ServiceDatabase.update("drop function poison_test()");
        }
    }
}
