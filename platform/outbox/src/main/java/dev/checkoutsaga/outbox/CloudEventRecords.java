package dev.checkoutsaga.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.checkoutsaga.events.CloudEventHeaders;
import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent;

/** CloudEvents Kafka binding (binary mode) for outbox rows and consumed records. */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /** The record for an outbox row: key = orderId, value = JSON data, attributes as {@code ce_*} headers. */
    public static ProducerRecord<String, byte[]> toRecord(OutboxEvent row, String source) {
        Headers headers = new RecordHeaders();
        put(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        put(headers, CloudEventHeaders.ID, row.id.toString());
        put(headers, CloudEventHeaders.SOURCE, source);
        put(headers, CloudEventHeaders.TYPE, row.eventType);
        put(headers, CloudEventHeaders.TIME, row.createdAt.toString());
        put(headers, CloudEventHeaders.SUBJECT, row.aggregateId);
        put(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_VALUE);
        return new ProducerRecord<>(row.topic, null, row.aggregateId,
                row.payload.getBytes(StandardCharsets.UTF_8), headers);
    }

    /**
     * Decodes a consumed record. Empty for a well-formed CloudEvent of a type this build does not
     * know (a newer producer): such events are skipped, not failed.
     *
     * @throws EventCodec.MalformedEventException when the record is not a valid saga CloudEvent
     */
    public static Optional<Decoded> decode(ConsumerRecord<String, byte[]> record) {
        String ceType = header(record.headers(), CloudEventHeaders.TYPE);
        String id = header(record.headers(), CloudEventHeaders.ID);
        if (ceType == null || id == null || record.value() == null) {
            throw new EventCodec.MalformedEventException("record at " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + " is not a CloudEvent (ce_type/ce_id/data missing)", null);
        }
        Optional<EventType> type = EventType.fromCeType(ceType);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new EventCodec.MalformedEventException("ce_id is not a UUID: " + id, e);
        }
        SagaEvent data = EventCodec.fromJson(type.get(), record.value());
        String time = header(record.headers(), CloudEventHeaders.TIME);
        return Optional.of(new Decoded(eventId, type.get(), header(record.headers(), CloudEventHeaders.SOURCE),
                time == null ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(time), data,
                header(record.headers(), TraceContexts.TRACEPARENT), header(record.headers(), TraceContexts.TRACESTATE)));
    }

    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A decoded record before its processing span exists. */
    public record Decoded(UUID id, EventType type, String source, Instant time, SagaEvent data, String traceParent,
            String traceState) {
    }
}
