package dev.checkoutsaga.payment.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.support.Fixtures;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.PrometheusText;
import dev.checkoutsaga.testkit.SagaTestEvents;
import dev.checkoutsaga.testkit.ServiceDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A poison event of the hanging kind: its handling waits on a lock nobody releases, while the
 * database answers everything else. After saga.inbox.max-handler-timeouts timed-out handlings
 * (PostgreSQL cancels each at saga.inbox.handler-timeout) it goes to the dead-letter topic, its
 * partition moves on to the next order, and once the lock is gone a replay of the dead letter (same
 * event id) charges the order exactly once.
 */
@QuarkusTest
@TestProfile(HandlerKeepsTimingOutTest.ShortHandlerTimeout.class)
@Order(40)
class HandlerKeepsTimingOutTest {

    public static class ShortHandlerTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("saga.inbox.handler-timeout", "2s", "saga.inbox.max-handler-timeouts", "2");
        }
    }

    @BeforeAll
    static void topics() {
        Fixtures.createTopics();
    }

    @Test
    void anEventWhoseHandlingKeepsTimingOutIsDeadLetteredItsPartitionMovesOnAndItsReplayChargesOnce() throws Exception {
        UUID stuck = UUID.randomUUID();
        UUID next = SagaTestEvents.markerOnSamePartition(stuck);
        UUID eventId = UUID.randomUUID();
        SagaEvent poison = Fixtures.chargeRequest(stuck, "tok_visa");
        try (KafkaProbe payments = Fixtures.paymentsProbe();
                KafkaProbe dlq = KafkaProbe.subscribe(Fixtures.bootstrap(), "checkout.dlq.payment-service");
                Connection lock = ServiceDatabase.connect()) {
            // another transaction inserts the order's payment row and never commits: the handler's
            // insert-if-absent waits on it
            lock.setAutoCommit(false);
            try (PreparedStatement st = lock.prepareStatement("insert into payment (id, order_id, status) values (?, ?, 'NEW')")) {
                st.setObject(1, PaymentSaga.paymentIdFor(stuck));
                st.setObject(2, stuck);
                st.executeUpdate();
            }
            Fixtures.publish(poison, eventId, null);
            Fixtures.publish(Fixtures.chargeRequest(next, "tok_visa")); // behind it, on the same partition

            ConsumerRecord<String, byte[]> letter = dlq.awaitMatching(
                    r -> eventId.toString().equals(KafkaProbe.header(r, "ce_id")), Fixtures.WAIT)
                    .orElseThrow(() -> new AssertionError("the hanging event was not dead-lettered"));
            assertTrue(KafkaProbe.header(letter, "dead-letter-reason").contains("timed out while the database answers"),
                    KafkaProbe.header(letter, "dead-letter-reason"));
            Fixtures.await(payments, next, EventType.PAYMENT_CAPTURED); // the partition moved on
            lock.rollback();
        }
        // its own JVM (test profile): these are this test's handlings only
        String group = "consumer_group=\"payment-service\"";
        String type = "event_type=\"" + Fixtures.CHARGE_REQUEST.simpleName() + "\"";
        assertEquals(2.0, PrometheusText.scrape("saga_inbox_handler_timeouts_total", group, type),
                "saga.inbox.max-handler-timeouts (2) handlings timed out");
        assertEquals(1.0, PrometheusText.scrape("saga_inbox_timeouts_exhausted_total", group, type));

        // the lock is gone: the operator replays the dead letter (deploy/local/stack dlq replay), same event id
        try (KafkaProbe payments = Fixtures.paymentsProbe()) {
            Fixtures.publish(poison, eventId, null);
            Fixtures.await(payments, stuck, EventType.PAYMENT_CAPTURED);
        }
        await().atMost(Fixtures.WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> Fixtures.ledger(stuck).getList("charges").size() == 1);
        assertEquals(3998, Fixtures.ledger(stuck).getLong("captured"), "charged once, for the order's total");
    }
}
