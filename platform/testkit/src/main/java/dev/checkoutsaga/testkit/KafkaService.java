package dev.checkoutsaga.testkit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** A Kafka cluster used by tests: the in-process {@link EmbeddedKafkaBroker} or external. */
public interface KafkaService {

    /** Default partition count of {@link #createTopics}, matches the broker's num.partitions. */
    int DEFAULT_PARTITIONS = 3;

    /** {@code host:port}, the form of {@code kafka.bootstrap.servers}. */
    String bootstrapServers();

    /** Creates the topics (3 partitions, replication factor 1) unless they exist. */
    default void createTopics(String... names) {
        ensureTopics(DEFAULT_PARTITIONS, names);
    }

    /**
     * Creates the missing topics with {@code partitions} partitions (replication factor 1) and adds
     * partitions to existing ones that have fewer; never removes any.
     */
    default void ensureTopics(int partitions, String... names) {
        Set<String> wanted = Arrays.stream(names).collect(Collectors.toSet());
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream()
                    .filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<String> present = wanted.stream().filter(existing::contains).toList();
            if (present.isEmpty()) {
                return;
            }
            Map<String, NewPartitions> grow = new HashMap<>();
            admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, topic) -> {
                if (topic.partitions().size() < partitions) {
                    grow.put(name, NewPartitions.increaseTo(partitions));
                }
            });
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics " + wanted, e);
        }
    }

    void stop();

    void start();

    default void restart() {
        stop();
        start();
    }

    boolean isRunning();
}
