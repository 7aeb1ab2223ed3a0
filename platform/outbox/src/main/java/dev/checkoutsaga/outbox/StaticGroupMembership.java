package dev.checkoutsaga.outbox;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.reactive.messaging.ClientCustomizer;

/**
 * Kafka static group membership for every consumer of the service, when the instance has a stable
 * name ({@code saga.kafka.instance-id}: the pod name in a cluster, the instance name in the local
 * stack).
 *
 * <p>Why: a participant killed with -9 (OOM kill, lost container) does not leave its consumer group.
 * With dynamic membership its restarted consumers join as NEW members and wait for a rebalance,
 * which cannot finish before the dead members' session has expired. A static member that comes back
 * under the same {@code group.instance.id} within the session takes its old partitions at once,
 * without a rebalance ({@code StaticGroupMembershipTest}). A restart slower than the session (the
 * chaos lab's 30 s outages) finds the group empty either way.
 *
 * <p>The id of each consumer is the instance id plus the consumer's client id, which the connector
 * makes unique per channel and per concurrent consumer ({@code kafka-consumer-orders$1}), with every
 * character Kafka refuses in an id ({@code $}) turned into {@code -}. Two running processes must
 * never share an instance id: Kafka fences the older one.
 *
 * <p>The cost: a static member that stops for good (scale-down, a pod replaced under a new name)
 * does not leave the group either; its partitions wait for the session timeout
 * ({@code session.timeout.ms}, 10 s in every service) before another member takes them.
 */
@ApplicationScoped
public class StaticGroupMembership implements ClientCustomizer<Map<String, Object>> {

    static final String GROUP_ID = "group.id";
    static final String GROUP_INSTANCE_ID = "group.instance.id";
    static final String CLIENT_ID = "client.id";
    static final String VALUE_DESERIALIZER = "value.deserializer";

    /** Kafka accepts ASCII letters, digits, '.', '_' and '-' in a group instance id. */
    private static final Pattern NOT_ALLOWED_IN_AN_ID = Pattern.compile("[^A-Za-z0-9._-]");

    private final Optional<String> instanceId;

    public StaticGroupMembership(@ConfigProperty(name = "saga.kafka.instance-id") Optional<String> instanceId) {
        this.instanceId = instanceId.map(String::strip).filter(id -> !id.isEmpty());
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> kafkaConfig) {
        // consumers only (a producer or admin client has no group), and never over an explicit setting
        boolean consumer = kafkaConfig.containsKey(GROUP_ID) && kafkaConfig.containsKey(VALUE_DESERIALIZER);
        if (instanceId.isEmpty() || !consumer || kafkaConfig.containsKey(GROUP_INSTANCE_ID)) {
            return kafkaConfig;
        }
        Object clientId = kafkaConfig.get(CLIENT_ID);
        String member = clientId == null ? channel : clientId.toString();
        kafkaConfig.put(GROUP_INSTANCE_ID, NOT_ALLOWED_IN_AN_ID.matcher(instanceId.get() + "-" + member).replaceAll("-"));
        return kafkaConfig;
    }
}
