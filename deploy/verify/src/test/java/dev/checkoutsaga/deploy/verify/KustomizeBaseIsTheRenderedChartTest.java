package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The generated files of deploy/k8s (deploy/k8s/README.md) are the chart's output, document by document:
 * {@value #BASE_FILE} is the chart rendered with values.yaml and secrets.create=false (every document of it), and
 * {@value #PROD_FILE} the services' HorizontalPodAutoscalers and PodDisruptionBudgets of the chart rendered with
 * values-prod.yaml. So neither the base's nor the prod overlay's kustomization.yaml names a service: a new service
 * of the chart's {@code services} is in both files once they are regenerated. With -Dk8s.regenerate=true the test
 * rewrites the files from the chart instead (then passes).
 */
class KustomizeBaseIsTheRenderedChartTest {

    static final String BASE = "deploy/k8s/base";
    /** The one generated file of the base: the whole chart; namespace.yaml and kustomization.yaml are written by hand. */
    static final String BASE_FILE = BASE + "/checkout.yaml";
    /** The prod overlay's generated file: what production adds per service (the overlay's other files are generic). */
    static final String PROD_FILE = "deploy/k8s/overlays/prod/services.yaml";
    /** Files of base/ written by hand, not generated. */
    static final Set<String> HAND_WRITTEN = Set.of("namespace.yaml", "kustomization.yaml");
    static final String BASE_HEADER = """
            # Generated from deploy/helm/checkout (values.yaml, secrets.create=false): do not edit by hand.
            # Regenerate: see deploy/k8s/README.md. The build fails when this drifts from the chart.
            """;
    static final String PROD_HEADER = """
            # Generated from deploy/helm/checkout (values-prod.yaml): every service's HorizontalPodAutoscaler
            # and PodDisruptionBudget (values-prod.yaml's serviceDefaults, or the service's own block).
            # Do not edit by hand. Regenerate: see deploy/k8s/README.md. The build fails when this drifts from the chart.
            """;

    static String renderBase() {
        return Chart.template("values.yaml", Chart.sets("secrets.create", false));
    }

    /** The documents of the prod overlay's generated file: the services' HPAs and PDBs. */
    static boolean prodServiceObject(JsonNode t) {
        return Set.of("HorizontalPodAutoscaler", "PodDisruptionBudget").contains(t.path("kind").asText())
                && "service".equals(t.path("metadata").path("labels").path("app.kubernetes.io/component").asText());
    }

    @Test
    void baseEqualsTheChartWithDefaultValues() throws IOException {
        String rendered = renderBase();
        StrictManifests.parseAll(rendered, "helm template --set secrets.create=false");
        if (Boolean.getBoolean("k8s.regenerate")) {
            regenerate(rendered, t -> true, BASE_FILE, BASE_HEADER);
            try (Stream<Path> old = Files.list(Repo.path(BASE))) { // the per-component files of before, if any
                for (Path f : old.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                    if (!HAND_WRITTEN.contains(f.getFileName().toString())
                            && !Repo.relative(f).equals(BASE_FILE)) {
                        Files.delete(f);
                    }
                }
            }
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

    @Test
    void theProdOverlaysServiceObjectsAreTheChartsWithProductionValues() {
        String rendered = Chart.template("values-prod.yaml", Chart.sets());
        if (Boolean.getBoolean("k8s.regenerate")) {
            regenerate(rendered, KustomizeBaseIsTheRenderedChartTest::prodServiceObject, PROD_FILE, PROD_HEADER);
        }
        Path file = Repo.require(PROD_FILE, "the prod overlay's generated file");
        List<JsonNode> chart = StrictManifests.trees(rendered, "chart").stream()
                .filter(KustomizeBaseIsTheRenderedChartTest::prodServiceObject).toList();
        assertTrue(!chart.isEmpty(), "the chart with values-prod.yaml renders no HPA or PDB of a service");
        List<String> problems = KustomizeCompare.differences("the chart (values-prod.yaml)",
                KustomizeCompare.byKey(chart), PROD_FILE,
                KustomizeCompare.byKey(StrictManifests.trees(Repo.read(file), PROD_FILE)));
        assertTrue(problems.isEmpty(), () -> PROD_FILE + " has drifted from the chart (regenerate: ./mvnw -B -ntp -pl "
                + "deploy/verify test -Dtest=KustomizeBaseIsTheRenderedChartTest -Dk8s.regenerate=true):\n  "
                + String.join("\n  ", problems));
    }

    /** Writes the rendered documents that {@code keep} accepts, in the chart's order, to {@code file}. */
    private static void regenerate(String rendered, Predicate<JsonNode> keep, String file, String header) {
        StringBuilder out = new StringBuilder(header);
        for (String block : rendered.split("(?m)^---\\s*$")) {
            String text = block.lines().filter(l -> !l.startsWith("# Source:")).reduce("", (a, l) -> a + l + "\n")
                    .strip();
            if (text.isEmpty()) {
                continue;
            }
            List<JsonNode> trees = StrictManifests.trees(text, "chart");
            if (trees.isEmpty() || !keep.test(trees.get(0))) {
                continue;
            }
            out.append("---\n").append(text).append('\n');
        }
        try {
            Path target = Repo.path(file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
