package dev.checkoutsaga.deadletters;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.TestInfra;

/**
 * The dead-letter tool against a real Kafka broker (the test kit's): a dead letter as SmallRye writes
 * it is listed with where it came from and why, shown whole, and replayed onto its original topic
 * with its key, payload and event headers, without the dead-letter headers.
 */
class DeadLettersTest {
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String ORIGIN = "checkout.orders-" + SUFFIX;
    private static final String DLQ = DeadLetters.TOPIC_PREFIX + "test-" + SUFFIX;
    private static final String ORDER = "4f0c1a55-0000-4000-8000-000000000001";
    private static final String EVENT = UUID.randomUUID().toString();
    private static String bootstrap;

    @BeforeAll
    static void deadLetters() throws Exception {
        bootstrap = TestInfra.get().kafka().bootstrapServers();
        TestInfra.get().kafka().createTopics(ORIGIN, DLQ);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> poison = new ProducerRecord<>(DLQ, 0, ORDER, "{not json".getBytes(StandardCharsets.UTF_8));
            Map.of("ce_type", "order.placed", "ce_id", EVENT, "ce_specversion", "1.0",
                    "dead-letter-reason", "Unexpected character ('n' (code 110)): was expecting double-quote",
                    "dead-letter-cause", "com.fasterxml.jackson.core.JsonParseException",
                    "dead-letter-topic", ORIGIN, "dead-letter-partition", "0", "dead-letter-offset", "7")
                    .forEach((k, v) -> poison.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            p.send(poison).get();
            // a record that no dead-letter strategy wrote: it cannot say where to go back to
            p.send(new ProducerRecord<>(DLQ, 0, ORDER, "{}".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private static String run(String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--bootstrap", bootstrap, "--topic", DLQ));
        args.addAll(List.of(command));
        assertEquals(0, DeadLettersMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listShowsEachDeadLetterWithWhereItCameFromAndWhy() throws Exception {
        String list = run("list");
        String first = list.lines().filter(l -> l.startsWith(DLQ + "/0@0 ")).findFirst().orElseThrow(() -> new AssertionError(list));
        assertTrue(first.contains("order.placed  id " + EVENT + "  order " + ORDER + "  from " + ORIGIN + "/0@7"), first);
        assertTrue(first.contains("reason: Unexpected character"), first);
        assertTrue(list.contains(DLQ + "/0@1 ") && list.contains("from (unknown)"), list);
        assertTrue(list.contains("2 dead letter(s)"), list);
        assertEquals(list, run("list"), "listing commits nothing: it shows the same twice");
    }

    @Test
    void showPrintsEveryHeaderAndThePayload() throws Exception {
        String shown = run("show", DLQ + "/0@0");
        assertTrue(shown.contains("dead-letter-cause: com.fasterxml.jackson.core.JsonParseException"), shown);
        assertTrue(shown.contains("payload: {not json"), shown);
    }

    @Test
    void replayPutsTheEventBackOnItsTopicWithItsKeyAndHeadersAndWithoutTheDeadLetterOnes() throws Exception {
        String replayed = run("replay", DLQ + "/0@0");
        assertTrue(replayed.contains("replayed " + DLQ + "/0@0 -> " + ORIGIN + "/"), replayed);

        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(ORIGIN, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < end) {
                c.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            assertEquals(1, records.size());
            ConsumerRecord<String, byte[]> r = records.get(0);
            assertEquals(ORDER, r.key());
            assertEquals("{not json", new String(r.value(), StandardCharsets.UTF_8));
            assertEquals(EVENT, header(r, "ce_id"), "the same event id: a service's inbox skips it if it was handled");
            assertEquals(DLQ + "/0@0", header(r, DeadLetters.REPLAYED_FROM));
            r.headers().forEach(h -> assertFalse(h.key().startsWith("dead-letter-"), h.key()));
        }
    }

    @Test
    void aRecordThatDoesNotSayWhereItCameFromOrAnAddressThatIsNoneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run("replay", DLQ + "/0@1"));
        assertTrue(e.getMessage().contains("does not say where it came from"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> run("show", "no-address"));
        assertThrows(IllegalArgumentException.class, () -> run("replay"));
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
