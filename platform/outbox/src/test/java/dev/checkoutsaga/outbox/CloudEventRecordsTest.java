package dev.checkoutsaga.outbox;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

class CloudEventRecordsTest {

    private static OutboxEvent row(SagaEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateId = event.orderId().toString();
        row.topic = EventType.of(event).topic();
        row.eventType = EventType.of(event).ceType();
        row.payload = EventCodec.toJson(event);
        row.createdAt = Instant.parse("2026-11-22T10:00:00Z");
        return row;
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> sent) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(sent.topic(), 0, 42L, sent.key(), sent.value());
        sent.headers().forEach(h -> r.headers().add(h));
        return r;
    }

    @Test
    void anOutboxRowBecomesABinaryModeCloudEventKeyedByOrderId() {
        SagaEvent.OrderCompleted event = new SagaEvent.OrderCompleted(UUID.randomUUID());
        OutboxEvent row = row(event);

        ProducerRecord<String, byte[]> record = CloudEventRecords.toRecord(row, "/checkout/order-service");

        assertEquals("checkout.orders", record.topic());
        assertEquals(event.orderId().toString(), record.key());
        assertEquals("1.0", CloudEventRecords.header(record.headers(), "ce_specversion"));
        assertEquals(row.id.toString(), CloudEventRecords.header(record.headers(), "ce_id"));
        assertEquals("dev.checkoutsaga.order.completed.v1", CloudEventRecords.header(record.headers(), "ce_type"));
        assertEquals("/checkout/order-service", CloudEventRecords.header(record.headers(), "ce_source"));
        assertEquals(event.orderId().toString(), CloudEventRecords.header(record.headers(), "ce_subject"));
        assertEquals("application/json", CloudEventRecords.header(record.headers(), "content-type"));
        assertEquals("2026-11-22T10:00:00Z", CloudEventRecords.header(record.headers(), "ce_time"));
    }

    @Test
    void aConsumedRecordDecodesToTheSameEventAndId() {
        SagaEvent.OrderCompleted event = new SagaEvent.OrderCompleted(UUID.randomUUID());
        OutboxEvent row = row(event);

        CloudEventRecords.Decoded decoded = CloudEventRecords
                .decode(consumed(CloudEventRecords.toRecord(row, "/checkout/x"))).orElseThrow();

        assertEquals(row.id, decoded.id());
        assertEquals(EventType.ORDER_COMPLETED, decoded.type());
        assertEquals(event, decoded.data());
    }

    @Test
    void anEventTypeFromANewerProducerIsSkippedNotFailed() {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("checkout.orders", 0, 1L, "k",
                "{}".getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_type", "dev.checkoutsaga.order.placed.v9".getBytes(StandardCharsets.UTF_8));
        assertTrue(CloudEventRecords.decode(r).isEmpty());
    }

    @Test
    void aRecordWithoutCloudEventHeadersIsMalformed() {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("checkout.orders", 0, 1L, "k",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThrows(EventCodec.MalformedEventException.class, () -> CloudEventRecords.decode(r));
    }

    @Test
    void theTraceContextARowWasWrittenInIsRestoredWithTheSameTraceId() {
        String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Context restored = TraceContexts.restore(traceParent, null);

        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", Span.fromContext(restored).getSpanContext().getTraceId());
        assertEquals(traceParent, TraceContexts.capture(restored).get(TraceContexts.TRACEPARENT));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", TraceContexts.traceIdOf(traceParent));
    }

    @Test
    void aRowWrittenOutsideAnyTraceStartsANewTrace() {
        assertTrue(TraceContexts.capture(Context.root()).isEmpty());
        assertFalse(Span.fromContext(TraceContexts.restore(null, null)).getSpanContext().isValid());
    }
}
