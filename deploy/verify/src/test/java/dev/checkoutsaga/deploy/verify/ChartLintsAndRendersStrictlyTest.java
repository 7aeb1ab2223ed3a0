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

    /**
     * Go templates print a large integer from the values as a float (604800000 becomes 6.048e+08). Typed parsing
     * cannot see it where the field is free-form (KafkaTopic config, ConfigMap data), and Kafka refuses "6.048E8" for
     * a LONG setting; use `| int64` in the template.
     */
    @ParameterizedTest(name = "helm template -f {0} prints no number in scientific notation")
    @FieldSource("VALUES")
    void noNumberIsRenderedInScientificNotation(String valuesFile) {
        java.util.regex.Pattern sci = java.util.regex.Pattern.compile("^\\s*[^#\\s][^:]*:\\s+-?\\d+(\\.\\d+)?[eE][-+]?\\d+\\s*$");
        List<String> lines = Chart.template(valuesFile, java.util.Map.of()).lines().filter(l -> sci.matcher(l).matches())
                .map(String::strip).distinct().toList();
        assertTrue(lines.isEmpty(), () -> "helm template -f " + valuesFile + " renders floats in scientific notation"
                + " (a large integer value printed without | int64): " + lines);
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
