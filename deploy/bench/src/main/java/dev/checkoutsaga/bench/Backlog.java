package dev.checkoutsaga.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.checkoutsaga.testkit.LocalServices;

/**
 * What is still in flight at an instant: unpublished outbox rows in each service's database, and
 * each consumer group's lag (end offset minus committed offset, summed over its partitions).
 */
final class Backlog implements AutoCloseable {

    /** Every service's database (deploy/services.txt). */
    static final List<String> DATABASES = BenchConfig.SERVICES.stream().map(LocalServices.Service::database).toList();

    record Snapshot(Map<String, Long> outbox, Map<String, Long> lag) {
        long outboxTotal() {
            return outbox.values().stream().mapToLong(v -> Math.max(0, v)).sum();
        }

        long lagTotal() {
            return lag.values().stream().mapToLong(v -> Math.max(0, v)).sum();
        }

        /** Nothing unpublished, no lag, and every database and Kafka answered (-1 = did not). */
        boolean quiet() {
            return outboxTotal() == 0 && lagTotal() == 0 && outbox.values().stream().allMatch(v -> v >= 0)
                    && lag.values().stream().allMatch(v -> v >= 0);
        }
    }

    private final Admin admin;

    Backlog() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BenchConfig.KAFKA);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, BenchConfig.APP_NAME);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        admin = Admin.create(p);
    }

    Snapshot snapshot() {
        Map<String, Long> outbox = new LinkedHashMap<>();
        for (String db : DATABASES) {
            outbox.put(db, outboxBacklog(db));
        }
        return new Snapshot(outbox, lag());
    }

    static long outboxBacklog(String db) {
        try (Connection c = DriverManager.getConnection(BenchConfig.jdbcUrl(db), BenchConfig.PG_USER, BenchConfig.PG_PASSWORD);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from outbox_event where published_at is null")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Lag per consumer group (-1 when Kafka did not answer). */
    Map<String, Long> lag() {
        Map<String, Long> out = new TreeMap<>();
        try {
            Collection<ConsumerGroupListing> groups = admin.listConsumerGroups().all().get(15, TimeUnit.SECONDS);
            for (ConsumerGroupListing g : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                        .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                        .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                        : admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
                long lag = 0;
                for (var e : committed.entrySet()) {
                    if (e.getValue() != null && ends.containsKey(e.getKey())) {
                        lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                }
                out.put(g.groupId(), lag);
            }
        } catch (Exception e) {
            out.put("(kafka did not answer: " + e.getClass().getSimpleName() + ")", -1L);
        }
        return out;
    }

    /** Waits until the stack is {@link Snapshot#quiet() quiet}; false on timeout. */
    boolean awaitQuiet(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (snapshot().quiet()) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    @Override
    public void close() {
        admin.close();
    }
}
