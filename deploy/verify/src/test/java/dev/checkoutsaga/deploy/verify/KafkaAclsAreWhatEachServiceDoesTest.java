package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;

/**
 * With kafka.auth.enabled, every service is a KafkaUser whose ACLs (from its block in values.yaml,
 * {@code services.<name>.kafka}) are exactly what the service does: it writes the topics of the event
 * types it produces (the saga map, {@link SagaMap}) and its dead-letter topic, reads the topics its
 * channels consume (its saga-events channel's come from the saga map, through platform/outbox's
 * SagaChannelTopics; others are named in its application.properties), in the groups they name (its
 * application.properties). A service that starts consuming a topic without its ACL, or an ACL
 * nobody uses, fails here instead of in a cluster.
 */
class KafkaAclsAreWhatEachServiceDoesTest {

    /** What a service may do, as "Write topic x", "Read group y". */
    static Set<String> granted(KafkaUser user) {
        Set<String> out = new TreeSet<>();
        for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
            String resource = switch (rule.getResource()) {
                case AclRuleTopicResource t -> "topic " + t.getName();
                case AclRuleGroupResource g -> "group " + g.getName();
                default -> throw new AssertionError("unexpected ACL resource " + rule.getResource());
            };
            rule.getOperations().forEach(op -> {
                String name = op.toString(); // READ or Read, by version: compared as Read
                out.add(name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT) + " " + resource);
            });
        }
        return out;
    }

    static Set<String> expected(String service) {
        Map<String, String> props = Services.config(service).properties();
        Set<String> out = new TreeSet<>();
        for (EventType type : EventType.values()) {
            if (SagaMap.of(type).producer().equals(service)) {
                out.add("Write topic " + type.topic());
                out.add("Describe topic " + type.topic());
            }
        }
        for (String topic : Services.consumedTopics(service)) {
            out.add("Read topic " + topic);
            out.add("Describe topic " + topic);
        }
        props.forEach((key, value) -> {
            if (!key.startsWith("mp.messaging.incoming.")) {
                return;
            }
            if (key.endsWith(".dead-letter-queue.topic")) {
                out.add("Write topic " + value);
                out.add("Describe topic " + value);
            } else if (key.endsWith(".group.id")) {
                out.add("Read group " + value);
            }
        });
        return out;
    }

    @Test
    void everyServiceMayDoExactlyWhatItsCodeAndConfigurationDo() {
        Manifests m = Chart.rendered("values-prod.yaml");
        Map<String, Set<String>> actual = new TreeMap<>();
        m.docsOf("KafkaUser").forEach(d -> actual.put(d.name(), granted(d.as(KafkaUser.class))));
        Map<String, Set<String>> expected = Services.NAMES.stream()
                .collect(Collectors.toMap(s -> s, KafkaAclsAreWhatEachServiceDoesTest::expected, (a, b) -> a, TreeMap::new));
        assertEquals(expected, actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "values-prod.yaml"})
    void theBrokersAuthenticateAndAuthorizeAndEachServiceLogsInAsItsOwnUser(String values) {
        Manifests m = Chart.rendered(values);
        Kafka kafka = m.docsOf("Kafka").get(0).as(Kafka.class);
        kafka.getSpec().getKafka().getListeners().forEach(l ->
                assertEquals("scram-sha-512", l.getAuth().getType(), "listener " + l.getName()));
        assertEquals("simple", kafka.getSpec().getKafka().getAuthorization().getType());
        for (String service : Services.NAMES) {
            var env = m.find("Deployment", service).orElseThrow().as(Deployment.class)
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            var jaas = env.stream().filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst().orElseThrow()
                    .getValueFrom().getSecretKeyRef();
            assertEquals(service + "/sasl.jaas.config", jaas.getName() + "/" + jaas.getKey());
            var props = ChartTogglesUseExternalServersTest.properties(m, service);
            assertEquals("SASL_PLAINTEXT", props.getProperty("kafka.security.protocol"), service);
            assertEquals("SCRAM-SHA-512", props.getProperty("kafka.sasl.mechanism"), service);
        }
    }
}
