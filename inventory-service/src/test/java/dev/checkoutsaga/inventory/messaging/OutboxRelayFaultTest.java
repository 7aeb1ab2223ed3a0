package dev.checkoutsaga.inventory.messaging;

import static dev.checkoutsaga.inventory.Fixtures.stock;
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
import dev.checkoutsaga.inventory.Fixtures;
import dev.checkoutsaga.outbox.Outbox;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.KafkaService;
import dev.checkoutsaga.testkit.RedisService;
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
