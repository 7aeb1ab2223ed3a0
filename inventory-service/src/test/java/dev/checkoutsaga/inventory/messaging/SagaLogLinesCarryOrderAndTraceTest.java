package dev.checkoutsaga.inventory.messaging;

import static dev.checkoutsaga.inventory.Fixtures.WAIT;
import static dev.checkoutsaga.inventory.Fixtures.line;
import static dev.checkoutsaga.inventory.Fixtures.orderPlaced;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.inventory.Fixtures;
import dev.checkoutsaga.outbox.SagaLogContext;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.testkit.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;

/**
 * In a cluster the logs are JSON lines whose "mdc" holds orderId, traceId and spanId: a saga line
 * must lead to its order and to its trace, also when several orders are handled at once (the
 * consumer runs three records concurrently).
 */
@QuarkusTest
class SagaLogLinesCarryOrderAndTraceTest {

    /** "Order <id> rejected, ..." lines, by the order id in their text, with the MDC they were logged with. */
    final Map<String, Map<String, String>> rejectedLines = new ConcurrentHashMap<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            if (message != null && message.startsWith("Order ") && message.contains(" rejected")) {
                ExtLogRecord ext = (ExtLogRecord) record;
                rejectedLines.put(message.split(" ")[1], Map.of(
                        "orderId", String.valueOf(ext.getMdc(SagaLogContext.ORDER_ID)),
                        "traceId", String.valueOf(ext.getMdc(SagaLogContext.TRACE_ID))));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final Logger consumerLog = Logger.getLogger(OrderEventsConsumer.class.getName());

    @BeforeEach
    void listen() {
        Fixtures.createTopics();
        consumerLog.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        consumerLog.removeHandler(capture);
    }

    @Test
    void everyLineOfConcurrentlyHandledOrdersNamesItsOwnOrderAndTrace() {
        List<UUID> orders = new ArrayList<>();
        Map<UUID, String> traceIds = new ConcurrentHashMap<>();
        for (int i = 0; i < 6; i++) {
            UUID orderId = UUID.randomUUID();
            String traceParent = KafkaProbe.newTraceParent();
            orders.add(orderId);
            traceIds.put(orderId, TraceContexts.traceIdOf(traceParent));
            // an unknown SKU: the order is rejected, and that is logged
            Fixtures.publish(orderPlaced(orderId, line(Fixtures.newSku("NONE"), 1)), UUID.randomUUID(), traceParent);
        }

        await().atMost(WAIT).until(() -> rejectedLines.keySet().containsAll(orders.stream().map(UUID::toString).toList()));
        for (UUID orderId : orders) {
            Map<String, String> mdc = rejectedLines.get(orderId.toString());
            assertEquals(orderId.toString(), mdc.get("orderId"), "orderId in the MDC of order " + orderId + "'s line");
            assertEquals(traceIds.get(orderId), mdc.get("traceId"), "traceId in the MDC of order " + orderId + "'s line");
        }
    }
}
