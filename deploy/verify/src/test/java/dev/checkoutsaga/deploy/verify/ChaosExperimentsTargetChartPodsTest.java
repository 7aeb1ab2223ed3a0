package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/**
 * The Chaos Mesh experiments under chaos/mesh hit pods that exist: every pod selector (of every experiment, every
 * Workflow template and Schedule, NetworkChaos targets included) selects at least one pod of the chart rendered with
 * values-prod.yaml and values-lab.yaml (production's shape, with the sandbox the provider experiments target),
 * Strimzi's broker pods included; no experiment uses JVMChaos; every Workflow's entry and children
 * name existing templates and every chaos template has a deadline.
 */
class ChaosExperimentsTargetChartPodsTest {
    /** The chaos lab: helm -f values-prod.yaml -f values-lab.yaml. */
    static final String LAB = "values-prod.yaml+values-lab.yaml";


    static final Set<String> CHAOS_KINDS = Set.of("PodChaos", "NetworkChaos", "HTTPChaos", "StressChaos", "IOChaos",
            "TimeChaos", "DNSChaos", "JVMChaos", "Workflow", "Schedule");
    /** Workflow template types that hold no chaos of their own. */
    static final Set<String> FLOW_TYPES = Set.of("Serial", "Parallel", "Suspend", "Task", "Schedule", "StatusCheck");

    static List<StrictManifests.Doc> chaos() {
        List<StrictManifests.Doc> docs = HandWritten.kubernetesDocs(HandWritten.CHAOS).stream()
                .filter(d -> CHAOS_KINDS.contains(d.kind())).toList();
        assertFalse(docs.isEmpty(), "chaos/mesh holds no Chaos Mesh experiment");
        return docs;
    }

    @Test
    void everySelectorSelectsPodsOfTheLabChart() {
        List<Manifests.PodModel> pods = Chart.rendered(LAB).pods();
        List<String> problems = new ArrayList<>();
        for (StrictManifests.Doc d : chaos()) {
            String ns = d.namespace() == null ? Chart.NAMESPACE : d.namespace();
            Map<String, JsonNode> selectors = new LinkedHashMap<>();
            collectSelectors(d.tree().path("spec"), "spec", selectors);
            if (selectors.isEmpty() && !d.kind().equals("Workflow") && !d.kind().equals("Schedule")) {
                problems.add(d.id() + ": no pod selector");
            }
            for (Map.Entry<String, JsonNode> s : selectors.entrySet()) {
                String where = d.id() + " " + s.getKey();
                List<String> unsupported = new ArrayList<>();
                s.getValue().fieldNames().forEachRemaining(f -> {
                    if (!Set.of("namespaces", "labelSelectors", "expressionSelectors", "podPhaseSelectors").contains(f)) {
                        unsupported.add(f);
                    }
                });
                if (!unsupported.isEmpty()) {
                    problems.add(where + ": selects by " + unsupported
                            + ", which cannot be checked against the chart (use namespaces + labelSelectors)");
                    continue;
                }
                long n = pods.stream().filter(p -> selects(s.getValue(), ns, p)).count();
                if (n == 0) {
                    problems.add(where + " " + s.getValue() + " selects no pod of the chart rendered with " + LAB);
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n  ", problems));
    }

    /** chaos/mesh/pod-kill-saga-service.yaml: one pod of any saga service, every service of the chart a candidate. */
    @Test
    void theRandomSagaServicePodKillCanHitEveryServiceAndNothingElse() {
        StrictManifests.Doc experiment = chaos().stream().filter(d -> d.kind().equals("PodChaos")
                && d.name().equals("pod-kill-saga-service")).findFirst()
                .orElseThrow(() -> new AssertionError("chaos/mesh has no PodChaos pod-kill-saga-service"));
        JsonNode spec = experiment.tree().path("spec");
        assertTrue(spec.path("action").asText().equals("pod-kill") && spec.path("mode").asText().equals("one"),
                experiment.id() + ": kills one pod");
        Set<String> hit = new java.util.TreeSet<>();
        for (Manifests.PodModel p : Chart.rendered(LAB).pods()) {
            if (selects(spec.path("selector"), Chart.NAMESPACE, p)) {
                hit.add(p.labels().get("app.kubernetes.io/name"));
            }
        }
        assertTrue(hit.equals(new java.util.TreeSet<>(Services.NAMES)),
                () -> experiment.id() + " selects the pods of " + hit + ", not those of every saga service " + Services.NAMES);
    }

    @Test
    void noExperimentUsesJvmChaos() {
        List<String> problems = new ArrayList<>();
        for (StrictManifests.Doc d : chaos()) {
            if (d.kind().equals("JVMChaos") || d.tree().findValue("jvmChaos") != null) {
                problems.add(d.id() + " uses JVMChaos");
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void workflowsReferenceExistingTemplatesAndChaosTemplatesHaveDeadlines() {
        List<String> problems = new ArrayList<>();
        for (StrictManifests.Doc d : chaos()) {
            if (!d.kind().equals("Workflow")) {
                continue;
            }
            JsonNode spec = d.tree().path("spec");
            Set<String> names = new HashSet<>();
            spec.path("templates").forEach(t -> names.add(t.path("name").asText()));
            String entry = spec.path("entry").asText("");
            if (!names.contains(entry)) {
                problems.add(d.id() + ": spec.entry '" + entry + "' is not a template (templates: " + names + ")");
            }
            for (JsonNode t : spec.path("templates")) {
                String tn = t.path("name").asText();
                for (JsonNode c : t.path("children")) {
                    if (!names.contains(c.asText())) {
                        problems.add(d.id() + ": template " + tn + " child '" + c.asText() + "' is not a template");
                    }
                }
                t.path("conditionalBranches").forEach(b -> {
                    if (!names.contains(b.path("target").asText())) {
                        problems.add(d.id() + ": template " + tn + " branch target '" + b.path("target").asText()
                                + "' is not a template");
                    }
                });
                String type = t.path("templateType").asText("");
                boolean chaosTemplate = !FLOW_TYPES.contains(type);
                if ((chaosTemplate || type.equals("Suspend")) && t.path("deadline").asText("").isBlank()) {
                    problems.add(d.id() + ": template " + tn + " (" + type + ") has no deadline");
                }
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /** Pod selectors: every object named "selector" holding pod selection fields, with its path. */
    static void collectSelectors(JsonNode node, String path, Map<String, JsonNode> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path + "." + e.getKey();
                if (e.getKey().equals("selector") && e.getValue().isObject()) {
                    out.put(p, e.getValue());
                } else {
                    collectSelectors(e.getValue(), p, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode c = node.get(i);
                collectSelectors(c, path + "[" + (c.has("name") ? c.get("name").asText() : i) + "]", out);
            }
        }
    }

    static boolean selects(JsonNode sel, String defaultNamespace, Manifests.PodModel pod) {
        List<String> namespaces = new ArrayList<>();
        sel.path("namespaces").forEach(n -> namespaces.add(n.asText()));
        if (namespaces.isEmpty()) {
            namespaces.add(defaultNamespace);
        }
        if (!namespaces.contains(pod.namespace())) {
            return false;
        }
        LabelSelector ls = new LabelSelector();
        Map<String, String> labels = new LinkedHashMap<>();
        sel.path("labelSelectors").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        ls.setMatchLabels(labels);
        List<LabelSelectorRequirement> exprs = new ArrayList<>();
        sel.path("expressionSelectors").forEach(x -> {
            List<String> values = new ArrayList<>();
            x.path("values").forEach(v -> values.add(v.asText()));
            exprs.add(new LabelSelectorRequirement(x.path("key").asText(), x.path("operator").asText(), values));
        });
        ls.setMatchExpressions(exprs);
        return Manifests.matches(ls, pod.labels());
    }
}
