package dev.checkoutsaga.inventory.messaging;

import static dev.checkoutsaga.inventory.support.Fixtures.WAIT;
import static dev.checkoutsaga.inventory.support.Fixtures.line;
import static dev.checkoutsaga.inventory.support.Fixtures.orderPlaced;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.inventory.support.Fixtures;
import dev.checkoutsaga.outbox.SagaLogContext;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.steps.SagaEffects;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.LogCapture;
import io.quarkus.test.junit.QuarkusTest;

/**
 * In a cluster the logs are JSON lines whose "mdc" holds orderId, traceId and spanId: a saga line
 * must lead to its order and to its trace, also when several orders are handled at once (the
 * consumer runs three records concurrently).
 */
@QuarkusTest
class SagaLogLinesCarryOrderAndTraceTest {

    @Test
    void everyLineOfConcurrentlyHandledOrdersNamesItsOwnOrderAndTrace() {
        Fixtures.createTopics();
        Map<UUID, String> traceIds = new HashMap<>();
        try (LogCapture log = LogCapture.of(SagaEffects.class)) {
            for (int i = 0; i < 6; i++) {
                UUID orderId = UUID.randomUUID();
                String traceParent = KafkaProbe.newTraceParent();
                traceIds.put(orderId, TraceContexts.traceIdOf(traceParent));
                // an unknown SKU: the order is rejected, and the decision is logged ("order <id>, OrderPlaced: Reject[...]")
                Fixtures.publish(orderPlaced(orderId, line(Fixtures.newSku("NONE"), 1)), UUID.randomUUID(), traceParent);
            }

            for (Map.Entry<UUID, String> order : traceIds.entrySet()) {
                String prefix = "order " + order.getKey() + ", OrderPlaced: Reject";
                await().atMost(WAIT).until(() -> !log.startingWith(prefix).isEmpty());
                Map<String, String> mdc = log.startingWith(prefix).get(0).mdc();
                assertEquals(order.getKey().toString(), mdc.get(SagaLogContext.ORDER_ID), "orderId of: " + prefix);
                assertEquals(order.getValue(), mdc.get(SagaLogContext.TRACE_ID), "traceId of: " + prefix);
            }
        }
    }
}
