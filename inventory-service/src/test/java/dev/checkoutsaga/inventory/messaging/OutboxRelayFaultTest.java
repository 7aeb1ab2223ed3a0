package dev.checkoutsaga.inventory.messaging;

import static dev.checkoutsaga.inventory.support.Fixtures.stock;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.CloudEventHeaders;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent.InventorySettled;
import dev.checkoutsaga.inventory.support.Fixtures;
import dev.checkoutsaga.outbox.Outbox;
import dev.checkoutsaga.outbox.OutboxRelay;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.KafkaService;
import dev.checkoutsaga.testkit.LogCapture;
import dev.checkoutsaga.testkit.Outages;
import dev.checkoutsaga.testkit.RedisService;
import dev.checkoutsaga.testkit.ServiceDatabase;
import dev.checkoutsaga.testkit.TestInfra;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The outbox relay (this service is the first user of platform/outbox) and the behaviour under
 * broken dependencies. Runs last ({@code @Order}): it stops servers.
 */
@QuarkusTest
@Order(100)
class OutboxRelayFaultTest {

    @Inject
    Outbox outbox;

    private static InventorySettled event(UUID orderId) {
        return new InventorySettled(orderId, List.of());
    }

    private static <T> T inTransaction(java.util.function.Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work));
    }

    private static long unpublished() throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .flatMap(s -> s.createNativeQuery("select count(*) from outbox_event where published_at is null",
                            Long.class).getSingleResult())));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Test
    void anOutboxRowOfARolledBackTransactionIsNeverPublished() throws Throwable {
        UUID rolledBack = UUID.randomUUID();
        UUID committed = UUID.randomUUID();
        try (KafkaProbe probe = Fixtures.inventoryProbe()) {
            assertThrows(IllegalStateException.class, () -> inTransaction(() -> outbox.emit(event(rolledBack))
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("business step failed")))));
            inTransaction(() -> outbox.emit(event(committed)));

            // the control event of the committed transaction arrives ...
            probe.await(committed.toString(), EventType.INVENTORY_SETTLED.ceType(), Fixtures.WAIT);
            // ... the rolled-back one never does
            assertTrue(probe.awaitMatching(r -> rolledBack.toString().equals(r.key()), Duration.ofSeconds(3)).isEmpty(),
                    "nothing published for the rolled-back transaction");
        }
    }

    /**
     * A database that hangs for the relay (its table locked by another transaction): PostgreSQL
     * cancels the relay's statement at {@code saga.outbox.jdbc-statement-timeout} (2 s in %test)
     * and the relay backs off and tries again, instead of waiting for as long as the lock is held;
     * events committed after the lock is gone are published.
     */
    @Test
    void aRelayStatementStuckBehindALockIsCancelledByTheStatementTimeoutAndTheRelayGoesOn() throws Throwable {
        try (LogCapture relayLog = LogCapture.of(OutboxRelay.class)) {
            try (var lock = Outages.lockTable("outbox_event")) {
                // the relay's sweep (every 200 ms) runs into the lock
                await().atMost(Duration.ofSeconds(30)).until(() -> relayLog.startingWith("Outbox relay batch failed").stream()
                        .anyMatch(l -> l.message().contains("statement timeout")));
            }
        }
        UUID orderId = UUID.randomUUID();
        try (KafkaProbe probe = Fixtures.inventoryProbe()) {
            inTransaction(() -> outbox.emit(event(orderId)));
            probe.await(orderId.toString(), EventType.INVENTORY_SETTLED.ceType(), Duration.ofSeconds(30));
        }
    }

    /**
     * A relay that dies after Kafka took a batch and before it marked the rows published (here: the
     * mark fails twice, as if the process or its connection died there, and the claim rolls back).
     * The rows stay unpublished, so the next round publishes the same events again under the same
     * event ids (at least once; each consumer's inbox drops the copies) and none is lost.
     */
    @Test
    void aRelayThatDiesBetweenPublishingAndMarkingPublishesTheSameEventsAgainAndLosesNone() throws Throwable {
        ServiceDatabase.update("create sequence relay_crash_test_seq");
        ServiceDatabase.update("create function relay_crash_test() returns trigger language plpgsql as $$ begin "
                // a sequence is not rolled back with the failed transaction: exactly two marks fail
                + "if nextval('relay_crash_test_seq') <= 2 then raise exception 'simulated relay crash before the mark'; "
                + "end if; return null; end $$");
        ServiceDatabase.update("create trigger relay_crash_test before update of published_at on outbox_event "
                + "for each statement execute function relay_crash_test()");
        List<UUID> orders = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        try (KafkaProbe probe = Fixtures.inventoryProbe()) {
            inTransaction(() -> {
                Uni<Void> all = Uni.createFrom().voidItem();
                for (UUID orderId : orders) {
                    all = all.chain(() -> outbox.emit(event(orderId)).replaceWithVoid());
                }
                return all;
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> unpublished() == 0);
            probe.awaitMatching(r -> false, Duration.ofSeconds(1));
            for (UUID orderId : orders) {
                var records = probe.recordsFor(orderId.toString(), Duration.ZERO);
                Map<String, Long> perEventId = records.stream().collect(
                        Collectors.groupingBy(r -> KafkaProbe.header(r, CloudEventHeaders.ID), Collectors.counting()));
                assertEquals(1, perEventId.size(), "one event id for order " + orderId + ": " + perEventId);
                assertTrue(perEventId.values().iterator().next() >= 2,
                        "published again after the failed mark: " + perEventId);
            }
        } finally {
            ServiceDatabase.update("drop trigger relay_crash_test on outbox_event");
            ServiceDatabase.update("drop function relay_crash_test()");
            ServiceDatabase.update("drop sequence relay_crash_test_seq");
        }
    }

    @Test
    void eventsCommittedWhileKafkaIsDownArePublishedExactlyOnceWhenItReturns() throws Throwable {
        KafkaService kafka = TestInfra.get().kafka();
        List<UUID> orders = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();
        kafka.stop();
        try {
            for (UUID orderId : orders) {
                inTransaction(() -> outbox.emit(event(orderId)));
            }
            // the relay cannot publish: the events wait in the outbox, committed
            assertTrue(unpublished() >= orders.size(), "backlog while Kafka is down");
            // and the API keeps answering meanwhile
            String sku = Fixtures.newSku("KDOWN");
            Fixtures.seed(sku, 3);
            assertEquals(List.of(3, 0, 0), stock(sku));
        } finally {
            kafka.start();
        }

        try (KafkaProbe probe = Fixtures.inventoryProbe()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                probe.awaitMatching(r -> false, Duration.ofMillis(300));
                return orders.stream().allMatch(id -> !probe.typesFor(id.toString()).isEmpty());
            });
            probe.awaitMatching(r -> false, Duration.ofSeconds(1)); // late duplicates would show up here
            for (UUID orderId : orders) {
                var records = probe.recordsFor(orderId.toString(), Duration.ZERO);
                Map<String, Long> perEventId = records.stream().collect(
                        Collectors.groupingBy(r -> KafkaProbe.header(r, CloudEventHeaders.ID), Collectors.counting()));
                assertEquals(1, perEventId.size(), "one event for order " + orderId);
                assertEquals(1L, perEventId.values().iterator().next(), "published once: " + orderId);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> unpublished() == 0);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void productReadsFallBackToTheDatabaseWhileRedisIsDown() {
        String sku = Fixtures.newSku("RDOWN");
        Fixtures.seed(sku, 9);
        assertEquals(List.of(9, 0, 0), stock(sku)); // cached now
        RedisService redis = TestInfra.get().redis();
        redis.stop();
        try {
            given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(Map.of("available", 4))
                    .put("/products/{sku}/stock", sku)
                    .then().statusCode(200);
            assertEquals(List.of(4, 0, 0), stock(sku));
            // the API still serves: the pod stays ready (readiness is about PostgreSQL only)
            given().get("/q/health/ready").then().statusCode(200);
        } finally {
            redis.start();
        }
    }

    /**
     * PostgreSQL stopped while an OrderPlaced arrives: the handler fails transiently and is retried
     * (not sent to the dead-letter topic) until the database is back, then reserves exactly once.
     */
    @Test
    void anOrderPlacedWhileTheDatabaseIsDownIsReservedOnceItIsBack() {
        String sku = Fixtures.newSku("PGDOWN");
        Fixtures.seed(sku, 5);
        UUID orderId = UUID.randomUUID();
        var postgres = TestInfra.get().postgres();
        try (KafkaProbe probe = Fixtures.inventoryProbe()) {
            postgres.stop();
            try {
                Fixtures.publish(Fixtures.orderPlaced(orderId, Fixtures.line(sku, 2)));
                // while the database is down nothing can be decided, so nothing is emitted
                assertTrue(probe.awaitMatching(r -> orderId.toString().equals(r.key()), Duration.ofSeconds(3)).isEmpty());
            } finally {
                postgres.start();
            }
            probe.await(orderId.toString(), EventType.STOCK_RESERVED.ceType(), Duration.ofSeconds(90));
            assertEquals(1, Fixtures.count(probe, orderId, EventType.STOCK_RESERVED, Duration.ofSeconds(2)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(List.of(3, 2, 0), stock(sku)));
    }
}
