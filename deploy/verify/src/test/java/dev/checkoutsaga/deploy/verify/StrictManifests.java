package dev.checkoutsaga.deploy.verify;

import static java.util.Map.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Strict parsing of Kubernetes documents into the fabric8 (and Strimzi) model classes.
 *
 * <p>fabric8's own KubernetesSerialization is lenient on purpose: every model class keeps unknown fields in an
 * {@code additionalProperties} map (a Jackson any-setter), and a field of the wrong type is kept there too. Here the
 * any-setters are removed, unknown properties fail, duplicate keys fail and scalars are not coerced (a number where
 * the API wants a string fails, as the API server's decoder does). A document whose apiVersion/kind is not in the
 * table fails: nothing is skipped silently.
 */
public final class StrictManifests {

    /** apiVersion/kind of every kind the manifests may use, to its model class. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            entry("v1/PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            entry("v1/Pod", io.fabric8.kubernetes.api.model.Pod.class),
            entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            entry("batch/v1/Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
            entry("batch/v1/CronJob", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
            entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
            entry("rbac.authorization.k8s.io/v1/Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
            entry("rbac.authorization.k8s.io/v1/RoleBinding", io.fabric8.kubernetes.api.model.rbac.RoleBinding.class),
            entry("rbac.authorization.k8s.io/v1/ClusterRole", io.fabric8.kubernetes.api.model.rbac.ClusterRole.class),
            entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding",
                    io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class),
            entry("monitoring.coreos.com/v1/ServiceMonitor",
                    io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            entry("monitoring.coreos.com/v1/PodMonitor", io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class),
            entry("monitoring.coreos.com/v1/PrometheusRule",
                    io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class),
            entry("chaos-mesh.org/v1alpha1/PodChaos", io.fabric8.chaosmesh.v1alpha1.PodChaos.class),
            entry("chaos-mesh.org/v1alpha1/NetworkChaos", io.fabric8.chaosmesh.v1alpha1.NetworkChaos.class),
            entry("chaos-mesh.org/v1alpha1/HTTPChaos", io.fabric8.chaosmesh.v1alpha1.HTTPChaos.class),
            entry("chaos-mesh.org/v1alpha1/StressChaos", io.fabric8.chaosmesh.v1alpha1.StressChaos.class),
            entry("chaos-mesh.org/v1alpha1/IOChaos", io.fabric8.chaosmesh.v1alpha1.IOChaos.class),
            entry("chaos-mesh.org/v1alpha1/TimeChaos", io.fabric8.chaosmesh.v1alpha1.TimeChaos.class),
            entry("chaos-mesh.org/v1alpha1/DNSChaos", io.fabric8.chaosmesh.v1alpha1.DNSChaos.class),
            // parsed strictly like the others; ChaosExperimentsTargetChartPodsTest forbids it in chaos/mesh
            entry("chaos-mesh.org/v1alpha1/JVMChaos", io.fabric8.chaosmesh.v1alpha1.JVMChaos.class),
            entry("chaos-mesh.org/v1alpha1/Workflow", io.fabric8.chaosmesh.v1alpha1.Workflow.class),
            entry("chaos-mesh.org/v1alpha1/Schedule", io.fabric8.chaosmesh.v1alpha1.Schedule.class),
            entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class));

    /** One parsed document: where it came from, its raw tree and its typed model. */
    public record Doc(String source, int index, JsonNode tree, HasMetadata resource) {
        public String kind() {
            return resource.getKind();
        }

        public String name() {
            return resource.getMetadata() == null ? null : resource.getMetadata().getName();
        }

        public String namespace() {
            return resource.getMetadata() == null ? null : resource.getMetadata().getNamespace();
        }

        public <T> T as(Class<T> type) {
            return type.cast(resource);
        }

        /** "kind/name (source#index)" for assertion messages. */
        public String id() {
            return kind() + "/" + name() + " (" + source + " doc " + index + ")";
        }
    }

    static final ObjectMapper MAPPER = strictMapper();
    private static final ObjectMapper TREES = new YAMLMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private StrictManifests() {
    }

    static ObjectMapper strictMapper() {
        YAMLMapper m = YAMLMapper.builder(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // no "8080" for an int, no 8080 or true for a string: the API server's JSON decoder refuses both
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        SimpleModule noAnySetters = new SimpleModule("strict-no-any-setter");
        noAnySetters.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription beanDesc,
                    BeanDeserializerBuilder builder) {
                // fabric8 and Strimzi keep unknown fields in additionalProperties through an any-setter: drop it
                builder.setAnySetter(null);
                builder.setIgnoreUnknownProperties(false);
                return builder;
            }
        });
        m.registerModule(noAnySetters);
        return m;
    }

    /** Raw trees of a multi-document YAML stream (empty documents dropped). */
    public static List<JsonNode> trees(String yaml, String source) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = TREES.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null && !n.isNull() && !n.isMissingNode() && !(n.isObject() && n.isEmpty())
                        && !(n.isTextual() && n.asText().isEmpty())) {
                    out.add(n);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(source + ": not valid YAML: " + e.getMessage(), e);
        }
        return out;
    }

    /** Parses one document strictly, or throws an exception naming the document and the offending field. */
    public static HasMetadata parse(JsonNode tree, String where) {
        String apiVersion = tree.path("apiVersion").asText("");
        String kind = tree.path("kind").asText("");
        Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new AssertionError(where + ": unknown apiVersion/kind '" + apiVersion + "/" + kind
                    + "' (not in StrictManifests.KINDS; add its model class if it is intended)");
        }
        String name = tree.path("metadata").path("name").asText("<no name>");
        try (JsonParser p = MAPPER.treeAsTokens(tree)) {
            return MAPPER.readValue(p, type);
        } catch (Exception e) {
            throw new AssertionError(where + ": " + kind + "/" + name + " does not parse strictly as "
                    + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Parses every document of a stream strictly; fails with every offending document listed. */
    public static List<Doc> parseAll(String yaml, String source) {
        List<Doc> docs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<JsonNode> trees = trees(yaml, source);
        for (int i = 0; i < trees.size(); i++) {
            try {
                docs.add(new Doc(source, i, trees.get(i), parse(trees.get(i), source + " doc " + i)));
            } catch (AssertionError e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.size() + " document(s) do not parse strictly:\n  " + String.join("\n  ",
                    new TreeSet<>(errors)));
        }
        return docs;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String head = nl < 0 ? s : s.substring(0, nl);
        int path = s.indexOf("(through reference chain:");
        return path < 0 ? head : head + " " + s.substring(path).replace('\n', ' ');
    }
}
