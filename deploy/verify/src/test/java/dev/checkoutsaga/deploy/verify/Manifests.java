package dev.checkoutsaga.deploy.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;

/** The documents of one rendering (a chart render or a kustomize build), with the lookups the tests need. */
public record Manifests(List<StrictManifests.Doc> docs, String defaultNamespace) {

    public static Manifests of(List<StrictManifests.Doc> docs, String defaultNamespace) {
        return new Manifests(List.copyOf(docs), defaultNamespace);
    }

    public <T> List<T> all(Class<T> type) {
        return docs.stream().map(StrictManifests.Doc::resource).filter(type::isInstance).map(type::cast).toList();
    }

    public List<StrictManifests.Doc> docsOf(String kind) {
        return docs.stream().filter(d -> kind.equals(d.kind())).toList();
    }

    public Optional<StrictManifests.Doc> find(String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.kind()) && name.equals(d.name())).findFirst();
    }

    public String namespaceOf(StrictManifests.Doc d) {
        return d.namespace() == null ? defaultNamespace : d.namespace();
    }

    /** A workload (Deployment, StatefulSet, Job, CronJob) and its pod template. */
    public record Workload(StrictManifests.Doc doc, String kind, String name, String namespace, LabelSelector selector,
            PodTemplateSpec template) {
        public Map<String, String> podLabels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                    : template.getMetadata().getLabels();
        }
    }

    public List<Workload> workloads() {
        List<Workload> out = new ArrayList<>();
        for (StrictManifests.Doc d : docs) {
            String ns = namespaceOf(d);
            if (d.resource() instanceof Deployment x) {
                out.add(new Workload(d, "Deployment", d.name(), ns, x.getSpec().getSelector(), x.getSpec().getTemplate()));
            } else if (d.resource() instanceof StatefulSet x) {
                out.add(new Workload(d, "StatefulSet", d.name(), ns, x.getSpec().getSelector(), x.getSpec().getTemplate()));
            } else if (d.resource() instanceof Job x) {
                out.add(new Workload(d, "Job", d.name(), ns, x.getSpec().getSelector(), x.getSpec().getTemplate()));
            } else if (d.resource() instanceof CronJob x) {
                out.add(new Workload(d, "CronJob", d.name(), ns, null,
                        x.getSpec().getJobTemplate().getSpec().getTemplate()));
            }
        }
        return out;
    }

    /** A pod the manifests run (or that Strimzi will run for them): its labels and its ports. */
    public record PodModel(String owner, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts,
            List<Integer> ports) {
    }

    /** Pods of the workloads, plus the Kafka broker pods Strimzi creates from Kafka + KafkaNodePool. */
    public List<PodModel> pods() {
        List<PodModel> out = new ArrayList<>();
        for (Workload w : workloads()) {
            Map<String, Integer> named = new LinkedHashMap<>();
            List<Integer> ports = new ArrayList<>();
            w.template().getSpec().getContainers().forEach(c -> {
                if (c.getPorts() != null) {
                    for (ContainerPort p : c.getPorts()) {
                        ports.add(p.getContainerPort());
                        if (p.getName() != null) {
                            named.put(p.getName(), p.getContainerPort());
                        }
                    }
                }
            });
            out.add(new PodModel(w.kind() + "/" + w.name(), w.namespace(), w.podLabels(), named, ports));
        }
        out.addAll(strimziBrokerPods());
        return out;
    }

    /**
     * Labels of the pods the Strimzi operator creates for each KafkaNodePool of a Kafka (they are not in the
     * manifests): strimzi.io/cluster, strimzi.io/kind, strimzi.io/name, strimzi.io/pool-name, broker/controller role
     * labels; the client port 9092 (the listeners' ports from the Kafka CR), 9090/9091 internal.
     */
    public List<PodModel> strimziBrokerPods() {
        List<PodModel> out = new ArrayList<>();
        for (StrictManifests.Doc kd : docsOf("Kafka")) {
            Kafka kafka = kd.as(Kafka.class);
            String cluster = kafka.getMetadata().getName();
            List<Integer> ports = new ArrayList<>(List.of(9090, 9091));
            Map<String, Integer> named = new LinkedHashMap<>();
            if (kafka.getSpec() != null && kafka.getSpec().getKafka() != null
                    && kafka.getSpec().getKafka().getListeners() != null) {
                kafka.getSpec().getKafka().getListeners().forEach(l -> {
                    ports.add(l.getPort());
                    named.put("tcp-" + l.getName(), l.getPort());
                });
            }
            for (StrictManifests.Doc pd : docsOf("KafkaNodePool")) {
                KafkaNodePool pool = pd.as(KafkaNodePool.class);
                Map<String, String> poolLabels = pool.getMetadata().getLabels() == null ? Map.of()
                        : pool.getMetadata().getLabels();
                if (!cluster.equals(poolLabels.get("strimzi.io/cluster"))) {
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("strimzi.io/cluster", cluster);
                labels.put("strimzi.io/kind", "Kafka");
                labels.put("strimzi.io/name", cluster + "-kafka");
                labels.put("strimzi.io/component-type", "kafka");
                labels.put("strimzi.io/pool-name", pool.getMetadata().getName());
                labels.put("app.kubernetes.io/name", "kafka");
                labels.put("app.kubernetes.io/instance", cluster);
                labels.put("app.kubernetes.io/part-of", "strimzi-" + cluster);
                labels.put("app.kubernetes.io/managed-by", "strimzi-cluster-operator");
                pool.getSpec().getRoles().forEach(r -> labels.put("strimzi.io/" + r.toValue() + "-role", "true"));
                out.add(new PodModel("Strimzi pod of Kafka/" + cluster + " KafkaNodePool/" + pool.getMetadata().getName(),
                        namespaceOf(kd), labels, named, ports));
            }
        }
        return out;
    }

    /** Kubernetes label selector semantics (matchLabels and matchExpressions; an empty selector selects all). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String v = labels.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> v != null && r.getValues().contains(v);
                    case "NotIn" -> v == null || !r.getValues().contains(v);
                    case "Exists" -> labels.containsKey(r.getKey());
                    case "DoesNotExist" -> !labels.containsKey(r.getKey());
                    default -> throw new AssertionError("unknown selector operator " + r.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    public static boolean matchesLabels(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
