package dev.checkoutsaga.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Measures {@link SagaActivity}: the {@link WorkInProgress} counts in the service's database, and
 * with Kafka's admin API the lag of the service's consumer groups and the size of its dead-letter
 * topics, both read from the {@code mp.messaging.incoming.*} configuration. The lag is counted
 * against committed offsets, so an event that was handled but whose offset is not committed yet
 * still counts: quiet means nothing will be redelivered either. Every call is bounded by
 * {@code saga.outbox.activity-timeout}.
 */
@ApplicationScoped
public class SagaActivityProbe {
    private static final Pattern GROUP_ID = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.group\\.id");

    @Inject
    OutboxConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Instance<WorkInProgress> work;
    @Inject
    Config mpConfig;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private volatile Admin admin;

    /** Reads everything now; fails (and the caller answers 503) when the database or Kafka does not answer in time. */
    public SagaActivity measure() throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout((int) Math.max(1, config.activityTimeout().toSeconds()));
            for (WorkInProgress w : work) {
                if (!w.present()) {
                    continue;
                }
                try (ResultSet rs = st.executeQuery(w.countQuery())) {
                    rs.next();
                    counts.put(w.name(), rs.getLong(1));
                }
            }
        }
        Map<String, Set<String>> topicsByGroup = new TreeMap<>();
        Set<String> deadLetterTopics = new TreeSet<>();
        for (String name : mpConfig.getPropertyNames()) {
            Matcher m = GROUP_ID.matcher(name);
            if (!m.matches()) {
                continue;
            }
            String channel = "mp.messaging.incoming." + m.group(1) + ".";
            mpConfig.getOptionalValue(name, String.class).ifPresent(group -> topicsByGroup
                    .computeIfAbsent(group, g -> new TreeSet<>()).addAll(topics(channel)));
            mpConfig.getOptionalValue(channel + "dead-letter-queue.topic", String.class).ifPresent(deadLetterTopics::add);
        }
        Map<String, Long> lag = new TreeMap<>();
        for (var e : topicsByGroup.entrySet()) {
            lag.put(e.getKey(), lag(e.getKey(), e.getValue()));
        }
        long deadLetters = 0;
        for (String topic : deadLetterTopics) {
            deadLetters += size(topic);
        }
        return new SagaActivity(applicationName, counts, lag, deadLetters);
    }

    private List<String> topics(String channel) {
        return mpConfig.getOptionalValue(channel + "topics", String.class)
                .or(() -> mpConfig.getOptionalValue(channel + "topic", String.class))
                .map(t -> List.of(t.split("\\s*,\\s*"))).orElse(List.of());
    }

    /** Events on the group's topics after its committed offsets (from the earliest kept one where it has none). */
    private long lag(String group, Set<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(timeoutMs(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (String topic : topics) {
            Map<TopicPartition, Long> end = offsets(topic, OffsetSpec.latest());
            Map<TopicPartition, Long> start = offsets(topic, OffsetSpec.earliest());
            for (var e : end.entrySet()) {
                OffsetAndMetadata at = committed.get(e.getKey());
                long from = at == null ? start.getOrDefault(e.getKey(), 0L) : Math.max(at.offset(), start.getOrDefault(e.getKey(), 0L));
                lag += Math.max(0, e.getValue() - from);
            }
        }
        return lag;
    }

    /** Events kept on a topic; 0 for a topic not created yet (no dead letter was ever written). */
    private long size(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> end = offsets(topic, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(topic, OffsetSpec.earliest());
        long size = 0;
        for (var e : end.entrySet()) {
            size += e.getValue() - start.getOrDefault(e.getKey(), 0L);
        }
        return size;
    }

    private Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description;
        try {
            description = admin().describeTopics(List.of(topic)).allTopicNames().get(timeoutMs(), TimeUnit.MILLISECONDS)
                    .get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec));
        Map<TopicPartition, ListOffsetsResultInfo> answer = admin().listOffsets(request).all()
                .get(timeoutMs(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        answer.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private long timeoutMs() {
        return config.activityTimeout().toMillis();
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(adminConfig(kafkaConfig, applicationName + "-activity", config.activityTimeout()));
                }
                a = admin;
            }
        }
        return a;
    }

    /** The broker settings of the service (address, TLS, SASL) that an admin client understands, with bounded waits. */
    static Map<String, Object> adminConfig(Map<String, Object> kafkaConfig, String clientId, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        Set<String> known = AdminClientConfig.configNames();
        kafkaConfig.forEach((k, v) -> {
            if (known.contains(k)) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        int ms = (int) Math.max(1000, timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        return props;
    }

    void onStop(@Observes ShutdownEvent event) {
        Admin a = admin;
        if (a != null) {
            a.close(Duration.ofSeconds(2));
        }
    }
}
