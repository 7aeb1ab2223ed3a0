package dev.checkoutsaga.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.Jedis;

/** Each server: works, is really down after stop(), comes back with its data after start(). */
class EmbeddedServersTest {

    static TestInfra infra;

    @BeforeAll
    static void startAll() {
        infra = TestInfra.get().startAll();
    }

    @Test
    void postgresKeepsDataAcrossRestart() throws Exception {
        PostgresService pg = infra.postgres();
        pg.createDatabase("testkit_it");
        pg.createDatabase("testkit_it"); // idempotent
        String url = pg.jdbcUrl("testkit_it");
        try (Connection c = DriverManager.getConnection(url, pg.username(), pg.password());
                Statement st = c.createStatement()) {
            st.execute("create table if not exists t (id int primary key, v text)");
            st.execute("insert into t values (1, 'kept') on conflict do nothing");
        }

        pg.stop();
        assertFalse(pg.isRunning());
        assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url, pg.username(), pg.password()).close());

        pg.start();
        assertTrue(pg.isRunning());
        try (Connection c = DriverManager.getConnection(url, pg.username(), pg.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select v from t where id = 1")) {
            assertTrue(rs.next());
            assertEquals("kept", rs.getString(1));
        }
        try (Connection c = DriverManager.getConnection(url, pg.username(), pg.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("show max_connections")) {
            rs.next();
            assertEquals("300", rs.getString(1));
        }
    }

    @Test
    void redisRequiresItsPasswordAndComesBackAfterRestart() {
        RedisService redis = infra.redis();
        try (Jedis anonymous = new Jedis("127.0.0.1", redis.port())) {
            assertThrows(redis.clients.jedis.exceptions.JedisDataException.class, () -> anonymous.get("k"),
                    "NOAUTH: as in a cluster, Redis answers no client without the password");
        }
        try (Jedis jedis = new Jedis(java.net.URI.create(redis.url()))) {
            jedis.set("k", "v");
            assertEquals("v", jedis.get("k"));
        }
        redis.stop();
        assertFalse(redis.isRunning());
        assertThrows(Exception.class, () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port(), 1000)) {
                jedis.ping();
            }
        });
        redis.restart();
        try (Jedis jedis = new Jedis(java.net.URI.create(redis.url()))) {
            assertEquals("PONG", jedis.ping());
            jedis.set("k2", "v2");
            assertEquals("v2", jedis.get("k2"));
        }
    }

    @Test
    void ensureTopicsCreatesWithAndGrowsToTheAskedPartitions() throws Exception {
        String fresh = "ensure-" + UUID.randomUUID();
        String old = "grow-" + UUID.randomUUID();
        infra.kafka().createTopics(old);
        assertEquals(KafkaService.DEFAULT_PARTITIONS, partitionsOf(old));

        infra.kafka().ensureTopics(6, fresh, old);
        assertEquals(6, partitionsOf(fresh));
        assertEquals(6, partitionsEventually(old, 6));
        infra.kafka().ensureTopics(4, old); // never shrinks
        assertEquals(6, partitionsOf(old));
    }

    /**
     * The partitions of a topic that was just grown, once they reach {@code expected} (within 10 s):
     * its metadata may answer the old count for a moment after createPartitions has completed.
     */
    private int partitionsEventually(String topic, int expected) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> partitionsOf(topic), n -> n == expected);
    }

    private int partitionsOf(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafka().bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        }
    }

    @Test
    void kafkaKeepsRecordsAndOffsetsAcrossRestart() throws Exception {
        KafkaService kafka = infra.kafka();
        String topic = "testkit-" + UUID.randomUUID();
        kafka.createTopics(topic);
        kafka.createTopics(topic); // idempotent

        try (KafkaProducer<String, String> producer = producer(kafka, 120_000)) {
            producer.send(new ProducerRecord<>(topic, "order-1", "first")).get(30, TimeUnit.SECONDS);
        }
        String group = "g-" + UUID.randomUUID();
        assertEquals(List.of("first"), consume(kafka, topic, group, 1));

        kafka.stop();
        assertFalse(kafka.isRunning());
        try (KafkaProducer<String, String> producer = producer(kafka, 3_000)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(topic, "order-2", "lost")).get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException, e.toString());
        }

        kafka.start();
        assertTrue(kafka.isRunning());
        try (KafkaProducer<String, String> producer = producer(kafka, 120_000)) {
            producer.send(new ProducerRecord<>(topic, "order-3", "second")).get(60, TimeUnit.SECONDS);
        }
        // same group: committed offset survived, so only the new record is delivered
        assertEquals(List.of("second"), consume(kafka, topic, group, 1));
        // a new group from the beginning still sees the record written before the restart
        List<String> all = consume(kafka, topic, "g-" + UUID.randomUUID(), 2);
        assertTrue(all.containsAll(List.of("first", "second")), all.toString());
    }

    private static KafkaProducer<String, String> producer(KafkaService kafka, int deliveryTimeoutMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(deliveryTimeoutMs, 30_000));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeoutMs);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static List<String> consume(KafkaService kafka, String topic, String group, int count) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            consumer.commitSync();
        }
        return values;
    }
}
