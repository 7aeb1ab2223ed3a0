package dev.checkoutsaga.deploy.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/** The Helm chart deploy/helm/checkout, rendered and linted in-process through helm-java (no helm binary). */
public final class Chart {

    public static final String DIR = "deploy/helm/checkout";
    public static final String RELEASE = "checkout";
    public static final String NAMESPACE = "checkout";
    /** The Kubernetes version templates render for (helm's built-in default, v1.20, is older than the chart allows). */
    public static final String KUBE_VERSION = "v1.32.0";
    /**
     * The values files the tests render with: the defaults, then each environment's file on top of them
     * ("a+b": b on top of a, as helm -f a -f b; the chaos lab is production's shape with the sandbox).
     */
    public static final List<String> VALUES_FILES = List.of("values.yaml", "values-dev.yaml", "values-prod.yaml",
            "values-prod.yaml+values-lab.yaml");

    /** The files of a values spec, in order ("values-prod.yaml+values-lab.yaml": both). */
    static List<String> files(String spec) {
        return List.of(spec.split("\\+"));
    }

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();
    private static final ObjectMapper YAML = new YAMLMapper();

    private Chart() {
    }

    public static Path dir() {
        return Repo.require(DIR, "the Helm chart, written by the lead on branch main");
    }

    public static Path valuesFile(String name) {
        return Repo.require(DIR + "/" + name, "a values file of the chart");
    }

    /** helm template with the chart's values.yaml and (unless it is values.yaml) the given file on top. */
    public static String template(String valuesFile, Map<String, Object> sets) {
        TemplateCommand cmd = new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null && !valuesFile.equals("values.yaml")) {
            for (String f : files(valuesFile)) {
                cmd = cmd.withValuesFile(valuesFile(f));
            }
        }
        for (Map.Entry<String, Object> s : sets.entrySet()) {
            cmd = cmd.set(s.getKey(), s.getValue());
        }
        return cmd.call();
    }

    /** The chart rendered with a values file, parsed strictly (cached: rendering is the slow part). */
    public static Manifests rendered(String valuesFile) {
        return RENDERED.computeIfAbsent(valuesFile, f -> Manifests.of(
                StrictManifests.parseAll(template(f, Map.of()), "helm template -f " + f), NAMESPACE));
    }

    public static Manifests rendered(String valuesFile, Map<String, Object> sets) {
        return Manifests.of(StrictManifests.parseAll(template(valuesFile, sets), "helm template -f " + valuesFile
                + " --set " + sets), NAMESPACE);
    }

    /**
     * helm lint --strict -f valuesFile. helm-java's lint has no values-file option, so the chart is copied to a
     * temporary directory whose values.yaml is values.yaml merged with the file the way helm merges -f files
     * (maps deep-merged, everything else replaced).
     */
    public static LintResult lintStrict(String valuesFile) {
        Path chart = dir();
        if (valuesFile.equals("values.yaml")) {
            return new Helm(chart).lint().strict().call();
        }
        try {
            Path tmp = Files.createTempDirectory("chart-lint-");
            Path copy = tmp.resolve(chart.getFileName());
            try (Stream<Path> files = Files.walk(chart)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(chart.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            JsonNode base = YAML.readTree(chart.resolve("values.yaml").toFile());
            JsonNode merged = base == null ? YAML.createObjectNode() : base.deepCopy();
            for (String f : files(valuesFile)) {
                merged = merge(merged, YAML.readTree(valuesFile(f).toFile()));
            }
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (overlay == null || overlay.isNull() || overlay.isMissingNode()) {
            return base;
        }
        if (!(base instanceof ObjectNode b) || !overlay.isObject()) {
            return overlay;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                b.remove(e.getKey()); // helm: null deletes a default
            } else {
                b.set(e.getKey(), merge(b.get(e.getKey()), e.getValue()));
            }
        }
        return b;
    }

    /** The chart's values (values.yaml merged with the given file) as a tree, to read names the chart uses. */
    public static JsonNode values(String valuesFile) {
        try {
            JsonNode base = YAML.readTree(valuesFile("values.yaml").toFile());
            if (valuesFile.equals("values.yaml")) {
                return base;
            }
            JsonNode merged = base.deepCopy();
            for (String f : files(valuesFile)) {
                merged = merge(merged, YAML.readTree(valuesFile(f).toFile()));
            }
            return merged;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> sets(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
