package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/k8s/base is the chart rendered with values.yaml and secrets.create=false, split per component
 * (deploy/k8s/README.md): the documents of its generated files equal the chart's, document by document. With
 * -Dk8s.regenerate=true the test rewrites those files from the chart instead (then passes).
 */
class KustomizeBaseIsTheRenderedChartTest {

    static final String BASE = "deploy/k8s/base";
    /** Files of base/ written by hand, not generated. */
    static final Set<String> HAND_WRITTEN = Set.of("namespace.yaml", "kustomization.yaml");
    static final String HEADER = """
            # Generated from deploy/helm/checkout (values.yaml, secrets.create=false): do not edit by hand.
            # Regenerate: see deploy/k8s/README.md. The build fails when this drifts from the chart.
            """;

    static String renderBase() {
        return Chart.template("values.yaml", Chart.sets("secrets.create", false));
    }

    /** The file a generated document goes to: NetworkPolicies together, Kafka CRs together, else per app name. */
    static String fileOf(JsonNode t) {
        JsonNode labels = t.path("metadata").path("labels");
        String component = labels.path("app.kubernetes.io/component").asText("");
        if (component.equals("network")) {
            return "network-policies.yaml";
        }
        if (t.path("apiVersion").asText().startsWith("kafka.strimzi.io/")) {
            return "kafka.yaml";
        }
        String name = labels.path("app.kubernetes.io/name").asText("");
        if (name.isEmpty()) {
            throw new AssertionError(KustomizeCompare.key(t) + " has no app.kubernetes.io/name label: no base file for it");
        }
        return name + ".yaml";
    }

    @Test
    void baseEqualsTheChartWithDefaultValues() throws IOException {
        String rendered = renderBase();
        StrictManifests.parseAll(rendered, "helm template --set secrets.create=false");
        if (Boolean.getBoolean("k8s.regenerate")) {
            regenerate(rendered);
        }
        Path base = Repo.require(BASE, "the kustomize base, written by the lead on branch main");
        List<JsonNode> baseTrees = new ArrayList<>();
        try (Stream<Path> files = Files.list(base)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (!HAND_WRITTEN.contains(f.getFileName().toString())) {
                    String rel = Repo.relative(f);
                    StrictManifests.parseAll(Repo.read(f), rel);
                    baseTrees.addAll(StrictManifests.trees(Repo.read(f), rel));
                }
            }
        }
        List<String> problems = KustomizeCompare.differences("the chart (values.yaml, secrets.create=false)",
                KustomizeCompare.byKey(StrictManifests.trees(rendered, "chart")), BASE,
                KustomizeCompare.byKey(baseTrees));
        assertTrue(problems.isEmpty(), () -> BASE + " has drifted from the chart (regenerate: ./mvnw -B -ntp -pl "
                + "deploy/verify test -Dtest=KustomizeBaseIsTheRenderedChartTest -Dk8s.regenerate=true):\n  "
                + String.join("\n  ", problems));
    }

    private static void regenerate(String rendered) {
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        for (String block : rendered.split("(?m)^---\\s*$")) {
            String text = block.lines().filter(l -> !l.startsWith("# Source:")).reduce("", (a, l) -> a + l + "\n")
                    .strip();
            if (text.isEmpty()) {
                continue;
            }
            List<JsonNode> trees = StrictManifests.trees(text, "chart");
            if (trees.isEmpty()) {
                continue;
            }
            files.computeIfAbsent(fileOf(trees.get(0)), f -> new StringBuilder(HEADER)).append("---\n").append(text)
                    .append('\n');
        }
        try {
            Path base = Repo.path(BASE);
            Files.createDirectories(base);
            try (Stream<Path> old = Files.list(base)) {
                for (Path f : old.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                    if (!HAND_WRITTEN.contains(f.getFileName().toString())) {
                        Files.delete(f);
                    }
                }
            }
            for (Map.Entry<String, StringBuilder> e : files.entrySet()) {
                Files.writeString(base.resolve(e.getKey()), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
