package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every Kubernetes object written by hand under chaos/mesh and deploy/observability (Chaos Mesh kinds, ServiceMonitors,
 * PrometheusRules included) and every object of the observability kustomizations parses strictly; every other YAML
 * file there (Prometheus and Grafana configuration) is at least valid YAML.
 */
class HandWrittenManifestsParseStrictlyTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {HandWritten.CHAOS, HandWritten.OBSERVABILITY})
    void everyHandWrittenObjectParsesStrictly(String dir) {
        List<StrictManifests.Doc> docs = HandWritten.kubernetesDocs(dir);
        assertFalse(docs.isEmpty(), dir + " holds no Kubernetes object");
        List<String> invalid = new ArrayList<>();
        for (var f : HandWritten.yamlFiles(dir)) {
            try {
                StrictManifests.trees(Repo.read(f), Repo.relative(f));
            } catch (AssertionError e) {
                invalid.add(e.getMessage());
            }
        }
        assertTrue(invalid.isEmpty(), () -> String.join("\n", invalid));
    }

    @ParameterizedTest(name = "kubectl kustomize {0}")
    @ValueSource(strings = {HandWritten.OBSERVABILITY, HandWritten.OBSERVABILITY + "/operator"})
    void observabilityKustomizationsBuildAndParseStrictly(String dir) {
        Manifests m = Kustomize.parsed(dir, "observability");
        assertFalse(m.docs().isEmpty(), "kubectl kustomize " + dir + " renders nothing");
    }

    @Test
    void grafanaDashboardsAreValidJson() {
        List<String> bad = new ArrayList<>();
        var files = HandWritten.files(HandWritten.OBSERVABILITY, ".json");
        assertFalse(files.isEmpty(), "no Grafana dashboard (*.json) under deploy/observability");
        for (var f : files) {
            try {
                JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper()
                        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature())
                        .readTree(f.toFile());
                if (!n.path("panels").isArray() || n.path("title").asText("").isBlank()) {
                    bad.add(Repo.relative(f) + ": not a dashboard (no title or no panels array)");
                }
            } catch (Exception e) {
                bad.add(Repo.relative(f) + ": " + e.getMessage());
            }
        }
        assertTrue(bad.isEmpty(), () -> String.join("\n", bad));
    }
}
