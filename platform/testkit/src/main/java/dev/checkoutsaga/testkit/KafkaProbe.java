package dev.checkoutsaga.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test's window on the saga topics: reads every record of the given topics from the beginning
 * (its own consumer group) and publishes CloudEvents (binary mode) as a participant would.
 * Knows nothing of the event contract: callers pass CloudEvent types and JSON.
 */
public final class KafkaProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new CopyOnWriteArrayList<>();

    private KafkaProbe(String bootstrapServers, List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
    }

    /** Subscribes to the topics (created on demand by the broker) and reads them from the start. */
    public static KafkaProbe subscribe(String bootstrapServers, String... topics) {
        return new KafkaProbe(bootstrapServers, List.of(topics));
    }

    /** Waits for a record with this key and CloudEvent type; fails after the timeout. */
    public ConsumerRecord<String, byte[]> await(String key, String ceType, Duration timeout) {
        return awaitMatching(r -> key.equals(r.key()) && ceType.equals(header(r, "ce_type")), timeout)
                .orElseThrow(() -> new AssertionError("no " + ceType + " for key " + key + " within " + timeout
                        + "; seen for that key: " + typesFor(key)));
    }

    /** Waits up to the timeout for a matching record; empty if none came (to prove that nothing was sent). */
    public Optional<ConsumerRecord<String, byte[]>> awaitMatching(Predicate<ConsumerRecord<String, byte[]>> match,
            Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<ConsumerRecord<String, byte[]>> hit = seen.stream().filter(match).findFirst();
            if (hit.isPresent()) {
                return hit;
            }
            if (Instant.now().isAfter(deadline)) {
                return Optional.empty();
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
    }

    /** Polls for the given time and returns every record seen so far with this key. */
    public List<ConsumerRecord<String, byte[]>> recordsFor(String key, Duration pollFor) {
        awaitMatching(r -> false, pollFor);
        return seen.stream().filter(r -> key.equals(r.key())).toList();
    }

    public List<String> typesFor(String key) {
        List<String> types = new ArrayList<>();
        seen.stream().filter(r -> key.equals(r.key())).forEach(r -> types.add(header(r, "ce_type")));
        return types;
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static String value(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    /**
     * Publishes one CloudEvent as a saga participant would (key = subject = orderId).
     *
     * @param eventId the ce_id: pass the same id twice to simulate a redelivery
     * @param traceParent optional W3C traceparent header
     */
    public static void publish(String bootstrapServers, String topic, String key, String ceType, UUID eventId,
            String json, String traceParent) {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8));
            add(record, "ce_specversion", "1.0");
            add(record, "ce_id", eventId.toString());
            add(record, "ce_source", "/checkout/test");
            add(record, "ce_type", ceType);
            add(record, "ce_time", Instant.now().toString());
            add(record, "ce_subject", key);
            add(record, "content-type", "application/json");
            if (traceParent != null) {
                add(record, "traceparent", traceParent);
            }
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("publish to " + topic + " failed", e.getCause());
        }
    }

    private static void add(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh W3C traceparent with a random trace id, as a client calling the API would send. */
    public static String newTraceParent() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String spanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return "00-" + traceId + "-" + spanId + "-01";
    }

    @Override
    public void close() {
        consumer.close();
    }
}
