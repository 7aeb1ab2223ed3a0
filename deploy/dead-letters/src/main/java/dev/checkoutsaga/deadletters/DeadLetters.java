package dev.checkoutsaga.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads dead-letter topics without a consumer group (nothing is committed: listing never changes
 * what the next listing shows) and puts a dead letter back on the topic it was consumed from. A
 * replayed event keeps its {@code ce_id}: if a service had in fact handled it, its inbox skips the
 * copy, so replaying twice (or replaying a handled event) changes nothing.
 */
public final class DeadLetters implements AutoCloseable {
    /** The services' dead-letter topics: {@code checkout.dlq.<service>}. */
    public static final String TOPIC_PREFIX = "checkout.dlq.";
    /** Header of a replayed copy: the dead letter it was replayed from. */
    public static final String REPLAYED_FROM = "replayed-from";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Properties client;
    private final KafkaConsumer<String, byte[]> consumer;

    /** {@code client}: bootstrap.servers and, for a cluster, its security settings (SASL, TLS). */
    public DeadLetters(Properties client) {
        this.client = client;
        Properties c = new Properties();
        c.putAll(client);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "checkout-dead-letters");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The dead-letter topics that exist, by name. */
    public List<String> topics() throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(client)) {
            return admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(TOPIC_PREFIX)).sorted().toList();
        }
    }

    /** Every record kept on these topics, oldest first per partition. */
    public List<DeadLetter> list(List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos != null) {
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
        }
        List<DeadLetter> letters = new ArrayList<>();
        if (partitions.isEmpty()) {
            return letters;
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!reached(end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                letters.add(DeadLetter.of(r));
            }
        }
        if (!reached(end)) {
            throw new IllegalStateException("could not read the dead-letter topics to their end within " + TIMEOUT);
        }
        letters.sort(Comparator.comparing((DeadLetter d) -> d.at().topic()).thenComparing(d -> d.at().partition())
                .thenComparing(d -> d.at().offset()));
        return letters;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The dead letter at this position. */
    public DeadLetter get(DeadLetter.Position at) {
        TopicPartition tp = new TopicPartition(at.topic(), at.partition());
        consumer.assign(List.of(tp));
        consumer.seek(tp, at.offset());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.offset() == at.offset()) {
                    return DeadLetter.of(r);
                }
                throw new IllegalArgumentException("no record at " + at + " (retention may have removed it)");
            }
        }
        throw new IllegalArgumentException("no record at " + at);
    }

    /**
     * Publishes each dead letter to the topic it came from: same key, value and event headers, the
     * dead-letter headers replaced by {@value #REPLAYED_FROM}. Returns where each copy was written.
     */
    public List<DeadLetter.Position> replay(List<DeadLetter> letters) throws InterruptedException, ExecutionException {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "checkout-dead-letters");
        List<DeadLetter.Position> written = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (DeadLetter d : letters) {
                DeadLetter.Position from = d.origin();
                if (from == null) {
                    throw new IllegalArgumentException(d.at() + " does not say where it came from (no dead-letter-topic header)");
                }
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(from.topic(), null, d.key(), d.value());
                d.headers().forEach((k, v) -> {
                    if (!k.startsWith(DeadLetter.PREFIX) && v != null) {
                        copy.headers().add(k, v.getBytes(StandardCharsets.UTF_8));
                    }
                });
                copy.headers().add(REPLAYED_FROM, d.at().toString().getBytes(StandardCharsets.UTF_8));
                var meta = producer.send(copy).get();
                written.add(new DeadLetter.Position(meta.topic(), meta.partition(), meta.offset()));
            }
        }
        return written;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
