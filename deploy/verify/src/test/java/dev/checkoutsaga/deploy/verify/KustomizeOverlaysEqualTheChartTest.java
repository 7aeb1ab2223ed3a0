package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Each overlay is the chart with that environment's values file (deploy/k8s/README.md): every document of
 * `kubectl kustomize deploy/k8s/overlays/<env>` parses strictly and is identical to the chart's document of the same
 * kind and name rendered with values-<env>.yaml, except what the README names as one-sided on purpose: the
 * Namespace (kustomize only), the generated Secrets (chart only, when secrets.create=true: database passwords,
 * Redis' password, the card token's key ring), metadata.namespace; and
 * Helm test hooks, if any.
 */
class KustomizeOverlaysEqualTheChartTest {

    static final List<String> ENVS = Renderings.OVERLAYS;

    static boolean generatedSecret(JsonNode t) {
        String name = t.path("metadata").path("name").asText();
        return t.path("kind").asText().equals("Secret")
                && (List.of("postgresql-admin", "redis", "payment-token-keys").contains(name)
                        || Services.NAMES.stream().anyMatch(s -> name.equals(s + "-db")));
    }

    static boolean helmHook(JsonNode t) {
        return t.path("metadata").path("annotations").has("helm.sh/hook");
    }

    @ParameterizedTest(name = "overlays/{0} == chart -f values-{0}.yaml")
    @FieldSource("ENVS")
    void overlayEqualsTheChartWithItsValuesFile(String env) {
        Manifests chart = Chart.rendered("values-" + env + ".yaml");
        Manifests overlay = Kustomize.parsed(Renderings.overlayDir(env), Chart.NAMESPACE);
        Map<String, JsonNode> c = KustomizeCompare.byKey(chart.docs().stream().map(StrictManifests.Doc::tree)
                .filter(t -> !generatedSecret(t) && !helmHook(t)).collect(Collectors.toList()));
        Map<String, JsonNode> o = KustomizeCompare.byKey(overlay.docs().stream().map(StrictManifests.Doc::tree)
                .filter(t -> !t.path("kind").asText().equals("Namespace")).collect(Collectors.toList()));
        List<String> problems = KustomizeCompare.differences("the chart -f values-" + env + ".yaml", c,
                "overlays/" + env, o);
        assertTrue(problems.isEmpty(), () -> "overlays/" + env + " vs chart -f values-" + env + ".yaml:\n  "
                + String.join("\n  ", problems));
    }

    @ParameterizedTest(name = "overlays/{0}: every namespaced object in checkout")
    @FieldSource("ENVS")
    void overlayObjectsLiveInTheApplicationNamespace(String env) {
        Manifests overlay = Kustomize.parsed(Renderings.overlayDir(env), Chart.NAMESPACE);
        List<String> wrong = overlay.docs().stream()
                .filter(d -> !d.kind().startsWith("Cluster") && !d.kind().equals("Namespace"))
                .filter(d -> !Chart.NAMESPACE.equals(d.namespace()))
                .map(d -> d.kind() + "/" + d.name() + " in namespace " + d.namespace()).toList();
        assertTrue(wrong.isEmpty(), () -> "objects of overlays/" + env + " outside namespace checkout: " + wrong);
    }
}
