package dev.checkoutsaga.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.common.utils.Utils;

import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent;

/**
 * Saga events in tests, typed: publish one as its participant would (CloudEvent on its topic,
 * keyed by orderId) and read what a service emitted, through a {@link KafkaProbe}.
 */
public final class SagaTestEvents {

    private SagaTestEvents() {
    }

    /** Publishes the event on its topic with a fresh event id; returns the id. */
    public static UUID publish(SagaEvent event) {
        UUID id = UUID.randomUUID();
        publish(event, id, null);
        return id;
    }

    /** Publishes with the given event id (the same id twice = a redelivery) and optional traceparent. */
    public static void publish(SagaEvent event, UUID eventId, String traceParent) {
        EventType type = EventType.of(event);
        KafkaProbe.publish(TestInfra.get().kafka().bootstrapServers(), type.topic(), event.orderId().toString(),
                type.ceType(), eventId, EventCodec.toJson(event), traceParent);
    }

    /** Waits for an event of this type for the order and decodes it. */
    public static <T extends SagaEvent> T await(KafkaProbe probe, UUID orderId, EventType type, Duration timeout) {
        @SuppressWarnings("unchecked")
        T event = (T) EventCodec.fromJson(type, probe.await(orderId.toString(), type.ceType(), timeout).value());
        return event;
    }

    /** How many records of this type the probe has seen for the order (after polling for {@code pollFor}). */
    public static long count(KafkaProbe probe, UUID orderId, EventType type, Duration pollFor) {
        return probe.recordsFor(orderId.toString(), pollFor).stream()
                .filter(r -> type.ceType().equals(KafkaProbe.header(r, "ce_type"))).count();
    }

    /**
     * A fresh order id whose events land on the same partition as {@code orderId}'s: a marker event
     * for it is handled after everything published before it for {@code orderId} (same consumer,
     * in order), so its answer proves that the earlier events were handled, even those that emit nothing.
     */
    public static UUID markerOnSamePartition(UUID orderId) {
        int partition = partitionOf(orderId);
        UUID marker;
        do {
            marker = UUID.randomUUID();
        } while (partitionOf(marker) != partition);
        return marker;
    }

    /** Kafka's default partitioner for a keyed record on the test kit's topics. */
    public static int partitionOf(UUID orderId) {
        byte[] key = orderId.toString().getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % KafkaService.DEFAULT_PARTITIONS;
    }
}
