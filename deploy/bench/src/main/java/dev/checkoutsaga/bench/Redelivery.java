package dev.checkoutsaga.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A duplicate delivery storm: every saga event published since the load started (already consumed,
 * or about to be) is published again, unchanged (key, payload, CloudEvents headers with the same
 * id), onto the same partition, so that every consumer group receives it a second, third ... time.
 * One wave at injection and one every {@link #WAVE_EVERY} until healed; the inboxes must skip them
 * all. Dead-letter topics are left alone.
 */
final class Redelivery implements Fault {

    static final Duration WAVE_EVERY = Duration.ofSeconds(10);

    private final Duration faultTime;
    private final Map<TopicPartition, Long> startOffsets = new HashMap<>();
    private final AtomicLong republished = new AtomicLong();
    private volatile int waves;
    private double skippedAtStart;

    Redelivery(Duration faultTime) {
        this.faultTime = faultTime;
    }

    @Override
    public String name() {
        return "duplicate-delivery";
    }

    @Override
    public String description() {
        return "every saga event since the load started published again to every consumer group, in waves every "
                + WAVE_EVERY.toSeconds() + " s";
    }

    @Override
    public String clusterEquivalent() {
        return "";
    }

    @Override
    public void onLoadStart() throws Exception {
        skippedAtStart = duplicatesSkipped();
        try (Admin admin = admin()) {
            startOffsets.clear();
            startOffsets.putAll(endOffsets(admin));
        }
    }

    @Override
    public void inject() throws Exception {
        Map<TopicPartition, Long> until;
        try (Admin admin = admin()) {
            until = endOffsets(admin);
        }
        long waveEnd = System.nanoTime() + faultTime.toNanos();
        do {
            long started = System.nanoTime();
            long n = republish(until);
            waves++;
            ChaosMain.log("  wave " + waves + ": " + n + " events published again");
            long next = started + WAVE_EVERY.toNanos();
            long sleep = Math.min(next, waveEnd) - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        } while (System.nanoTime() < waveEnd - WAVE_EVERY.toNanos() / 2);
    }

    @Override
    public void heal() {
        // the copies are in the topics for good: healing is the inboxes' job
    }

    /** Read when the row is written: the stack is quiet, every copy consumed. */
    @Override
    public String notes() {
        return republished.get() + " events re-published in " + waves + " waves; the inboxes skipped "
                + Math.round(duplicatesSkipped() - skippedAtStart) + " duplicates (saga_inbox_duplicates_skipped_total)";
    }

    /** saga_inbox_duplicates_skipped_total summed over the services (their /q/metrics, on the management ports). */
    private static double duplicatesSkipped() {
        double sum = 0;
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (dev.checkoutsaga.testkit.LocalServices.Service service : BenchConfig.SERVICES) {
            try {
                String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(BenchConfig.managementBase(BenchConfig.localUrl(service)) + "/q/metrics"))
                        .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                for (String line : body.split("\n")) {
                    if (line.startsWith("saga_inbox_duplicates_skipped_total{")) {
                        sum += Double.parseDouble(line.substring(line.indexOf("} ") + 2).split(" ")[0]);
                    }
                }
            } catch (Exception e) {
                // a service that does not answer adds nothing
            }
        }
        return sum;
    }

    private long republish(Map<TopicPartition, Long> until) {
        long n = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            for (var e : until.entrySet()) {
                TopicPartition tp = e.getKey();
                long from = startOffsets.getOrDefault(tp, 0L);
                long to = e.getValue();
                if (to <= from) {
                    continue;
                }
                consumer.assign(List.of(tp));
                consumer.seek(tp, from);
                long position = from;
                while (position < to) {
                    var records = consumer.poll(Duration.ofSeconds(5));
                    if (records.isEmpty()) {
                        break;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.offset() >= to) {
                            break;
                        }
                        producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), r.headers()));
                        n++;
                    }
                    position = consumer.position(tp);
                }
            }
            producer.flush();
        }
        republished.addAndGet(n);
        return n;
    }

    /** End offsets of every partition of the saga topics (checkout.*, not the dead-letter topics). */
    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        List<String> topics = new ArrayList<>();
        for (String t : admin.listTopics().names().get(15, TimeUnit.SECONDS)) {
            if (t.startsWith("checkout.") && !t.startsWith("checkout.dlq.")) {
                topics.add(t);
            }
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BenchConfig.KAFKA);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, BenchConfig.APP_NAME + "-redelivery");
        return Admin.create(p);
    }

    private static Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BenchConfig.KAFKA);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private static Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BenchConfig.KAFKA);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
