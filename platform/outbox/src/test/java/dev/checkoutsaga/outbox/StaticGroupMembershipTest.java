package dev.checkoutsaga.outbox;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.TestInfra;

class StaticGroupMembershipTest {

    private static final int PARTITIONS = 3;
    /** Far longer than the test waits: only a static member can get the partitions back before it ends. */
    private static final Duration DEAD_MEMBERS_SESSION = Duration.ofSeconds(60);

    @Test
    void eachConsumerOfAnInstanceIsAStaticMemberNamedAfterTheInstanceAndItsClientId() {
        // the connector's client ids of a channel with concurrency 3 (the '$' is not allowed in an id)
        Map<String, Object> orders1 = customize("inventory-service-7d9f", consumerConfig("g", "kafka-consumer-orders$1"));
        Map<String, Object> orders2 = customize("inventory-service-7d9f", consumerConfig("g", "kafka-consumer-orders$2"));

        assertEquals("inventory-service-7d9f-kafka-consumer-orders-1", orders1.get("group.instance.id"));
        assertEquals("inventory-service-7d9f-kafka-consumer-orders-2", orders2.get("group.instance.id"));
    }

    @Test
    void withoutAnInstanceIdConsumersStayDynamicMembers() {
        assertFalse(customize(null, consumerConfig("g", "c-0")).containsKey("group.instance.id"));
        assertFalse(customize("  ", consumerConfig("g", "c-0")).containsKey("group.instance.id"));
    }

    @Test
    void producersAndAnExplicitInstanceIdAreLeftAlone() {
        Map<String, Object> producer = new HashMap<>(Map.of("client.id", "kafka-producer-orders",
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "x"));
        assertFalse(customize("i", producer).containsKey("group.instance.id"));

        Map<String, Object> explicit = consumerConfig("g", "c-0");
        explicit.put("group.instance.id", "chosen");
        assertEquals("chosen", customize("i", explicit).get("group.instance.id"));
    }

    /**
     * kill -9 of a participant: its consumers never leave the group. Restarted under the same instance
     * id, it gets all its partitions back at once instead of after the dead members' session timeout.
     * (Closing without leaving the group stands in for the kill.)
     */
    @Test
    void aParticipantRestartedAfterAKillGetsItsPartitionsBackWithoutWaitingForTheDeadSession() throws Exception {
        String bootstrap = TestInfra.get().kafka().bootstrapServers();
        String topic = "static-membership-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        String group = "inventory-" + UUID.randomUUID();

        KafkaConsumer<String, byte[]> beforeTheKill = consumer(bootstrap, group, topic);
        assertEquals(PARTITIONS, awaitAssignment(beforeTheKill, Duration.ofSeconds(30)).size());
        beforeTheKill.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.REMAIN_IN_GROUP));

        try (KafkaConsumer<String, byte[]> restarted = consumer(bootstrap, group, topic)) {
            Set<TopicPartition> assigned = awaitAssignment(restarted, DEAD_MEMBERS_SESSION.dividedBy(2));
            assertEquals(PARTITIONS, assigned.size(),
                    "the restarted member should own every partition while the dead member's session still runs");
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String group, String topic) {
        Map<String, Object> c = consumerConfig(group, "kafka-consumer-orders$1");
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) DEAD_MEMBERS_SESSION.toMillis());
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3000);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(customize("inventory-service-1", c));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static Set<TopicPartition> awaitAssignment(KafkaConsumer<String, byte[]> consumer, Duration within) {
        Instant end = Instant.now().plus(within);
        while (consumer.assignment().isEmpty() && Instant.now().isBefore(end)) {
            consumer.poll(Duration.ofMillis(200));
        }
        return consumer.assignment();
    }

    private static Map<String, Object> consumerConfig(String group, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return c;
    }

    private static Map<String, Object> customize(String instanceId, Map<String, Object> config) {
        return new StaticGroupMembership(Optional.ofNullable(instanceId)).customize("orders", null, config);
    }
}
