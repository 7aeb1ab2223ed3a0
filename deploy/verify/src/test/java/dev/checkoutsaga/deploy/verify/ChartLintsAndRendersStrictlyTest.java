package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.marcnuri.helm.LintResult;

/** helm lint --strict passes and every document helm template renders parses strictly, for each values file. */
class ChartLintsAndRendersStrictlyTest {

    static final List<String> VALUES = Chart.VALUES_FILES;

    @ParameterizedTest(name = "helm lint --strict -f {0}")
    @FieldSource("VALUES")
    void lintStrictPasses(String valuesFile) {
        LintResult r = Chart.lintStrict(valuesFile);
        assertFalse(r.isFailed(), () -> "helm lint --strict -f " + valuesFile + " failed:\n  "
                + String.join("\n  ", r.getMessages()));
        List<String> problems = r.getMessages().stream()
                .filter(m -> m.contains("[ERROR]") || m.contains("[WARNING]")).toList();
        assertTrue(problems.isEmpty(), () -> "helm lint --strict -f " + valuesFile + ":\n  " + String.join("\n  ", problems));
    }

    @ParameterizedTest(name = "helm template -f {0} parses strictly")
    @FieldSource("VALUES")
    void everyRenderedDocumentParsesStrictly(String valuesFile) {
        Manifests m = Chart.rendered(valuesFile); // StrictManifests.parseAll fails on the first bad document set
        Set<String> kinds = m.docs().stream().map(StrictManifests.Doc::kind).collect(Collectors.toSet());
        for (String k : List.of("Deployment", "Service", "ConfigMap", "NetworkPolicy", "ServiceAccount")) {
            assertTrue(kinds.contains(k), "helm template -f " + valuesFile + " renders no " + k + " (kinds: " + kinds + ")");
        }
        Set<String> ids = m.docs().stream().map(d -> d.kind() + "/" + d.name()).collect(Collectors.toSet());
        assertTrue(ids.size() == m.docs().size(), () -> "helm template -f " + valuesFile
                + " renders the same kind/name twice: " + m.docs().stream().map(d -> d.kind() + "/" + d.name()).toList());
    }
}
