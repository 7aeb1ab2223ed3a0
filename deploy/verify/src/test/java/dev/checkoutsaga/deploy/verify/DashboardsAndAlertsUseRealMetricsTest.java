package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every metric a Grafana dashboard or an alert rule queries is one the services export: the Micrometer meters
 * registered in the Java sources (Prometheus-named: dots and dashes to '_', counters '_total', timers
 * '_seconds_count|_sum|_bucket|_max', gauges as is), or one of the families Quarkus and its extensions export
 * (listed below). The plain Prometheus rules file and the PrometheusRule hold the same alerts with the same exprs.
 */
class DashboardsAndAlertsUseRealMetricsTest {

    /** Families the services export without registering them in their own code. */
    static final List<String> BUILT_IN_PREFIXES = List.of(
            "ft_", // SmallRye Fault Tolerance (retries, breaker state, bulkhead)
            "http_server_requests_seconds_", // Quarkus HTTP server binder
            "http_client_requests_seconds_", // REST client binder
            "jvm_", "process_", "system_", // Micrometer JVM/process/system binders
            "kafka_"); // Kafka client binder
    static final Set<String> BUILT_IN_NAMES = Set.of("up"); // Prometheus' own per-target series

    private static final Pattern METER = Pattern.compile(
            "(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer)\\.builder\\(\\s*\"([^\"]+)\""
                    + "|\\.(counter|gauge|timer|summary|gaugeCollectionSize|gaugeMapSize|timeGauge|longTaskTimer)\\(\\s*\"([^\"]+)\"");
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"");
    /** platform/steps' OutcomeCounters: one counter per outcome, named by its second argument. */
    private static final Pattern OUTCOME_COUNTERS = Pattern.compile("new\\s+OutcomeCounters<>\\(\\s*[\\w.]+\\s*,\\s*\"([^\"]+)\"");

    /** Prometheus series names of every meter registered in src/main/java of the services, platform and sandbox. */
    static Map<String, String> exportedSeries() {
        Map<String, String> out = new TreeMap<>();
        List<Path> roots = new ArrayList<>();
        for (String s : Services.NAMES) {
            roots.add(Repo.path(s + "/src/main/java"));
        }
        roots.add(Repo.path("deploy/sandbox/src/main/java"));
        try (Stream<Path> platform = Files.list(Repo.path("platform"))) {
            platform.map(p -> p.resolve("src/main/java")).forEach(roots::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    String source = Repo.read(f);
                    Matcher outcomes = OUTCOME_COUNTERS.matcher(source);
                    while (outcomes.find()) {
                        out.put(outcomes.group(1).replace('.', '_').replace('-', '_') + "_total",
                                Repo.relative(f) + " (OutcomeCounters " + outcomes.group(1) + ")");
                    }
                    Matcher m = METER.matcher(source);
                    while (m.find()) {
                        String type = m.group(1) != null ? m.group(1) : m.group(3);
                        String name = m.group(2) != null ? m.group(2) : m.group(4);
                        String base = name.replace('.', '_').replace('-', '_');
                        // a base unit set in the same statement becomes part of the Prometheus name
                        int end = source.indexOf(';', m.end());
                        Matcher unit = BASE_UNIT.matcher(source.substring(m.end(), end < 0 ? source.length() : end));
                        if (unit.find() && !type.toLowerCase().contains("timer")) {
                            base = base + "_" + unit.group(1).replace('.', '_').replace('-', '_');
                        }
                        String at = Repo.relative(f) + " (" + type + " " + name + ")";
                        switch (type) {
                            case "Counter", "counter", "FunctionCounter" -> out.put(base + "_total", at);
                            case "timeGauge" -> out.put(base + "_seconds", at);
                            case "Timer", "timer", "FunctionTimer", "LongTaskTimer", "longTaskTimer" -> {
                                for (String suffix : List.of("_seconds_count", "_seconds_sum", "_seconds_bucket",
                                        "_seconds_max", "_seconds_active_count", "_seconds_duration_sum")) {
                                    out.put(base + suffix, at);
                                }
                            }
                            case "DistributionSummary", "summary" -> {
                                for (String suffix : List.of("_count", "_sum", "_bucket", "_max")) {
                                    out.put(base + suffix, at);
                                }
                            }
                            default -> out.put(base, at); // gauges
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    static boolean exported(String series, Map<String, String> exported) {
        return exported.containsKey(series) || BUILT_IN_NAMES.contains(series)
                || BUILT_IN_PREFIXES.stream().anyMatch(series::startsWith);
    }

    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "Inf", "NaN", "atan2", "le");
    private static final Pattern IDENT = Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(\\s*\\()?");

    /** The metric names a PromQL expression reads (functions, keywords, labels, durations and variables removed). */
    static Set<String> metricNames(String expr) {
        String e = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // string literals
                .replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // ranges, subqueries
                .replaceAll("\\$\\{[^}]*}|\\$\\w+", " 1 ") // Grafana variables
                .replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?([eE][-+]?\\d+)?[smhdwy]?\\b", " ");
        Set<String> out = new TreeSet<>();
        Matcher m = IDENT.matcher(e);
        while (m.find()) {
            if (m.group(2) != null) {
                continue; // a function call
            }
            String id = m.group(1);
            if (!PROMQL_WORDS.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /** Every PromQL expression of the dashboards: panel targets and label_values() queries of variables. */
    static Map<String, String> dashboardExprs() {
        Map<String, String> out = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        List<Path> files = HandWritten.files(HandWritten.OBSERVABILITY, ".json");
        assertFalse(files.isEmpty(), "no dashboard under deploy/observability");
        for (Path f : files) {
            try {
                JsonNode root = json.readTree(f.toFile());
                int[] i = {0};
                root.findValues("expr").forEach(n -> out.put(Repo.relative(f) + " expr #" + i[0]++, n.asText()));
                root.path("templating").path("list").forEach(v -> {
                    String q = v.path("query").isObject() ? v.path("query").path("query").asText("")
                            : v.path("query").asText("");
                    Matcher lv = Pattern.compile("label_values\\(\\s*([^,)]+)").matcher(q);
                    if (lv.find() && lv.group(1).contains("_")) {
                        out.put(Repo.relative(f) + " variable " + v.path("name").asText(), lv.group(1));
                    } else if (q.startsWith("query_result(")) {
                        out.put(Repo.relative(f) + " variable " + v.path("name").asText(),
                                q.substring("query_result(".length(), q.length() - 1));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** alert name -> normalized expr, of the plain Prometheus rule files (top-level "groups"). */
    static Map<String, String> plainRules() {
        Map<String, String> out = new TreeMap<>();
        for (Path f : HandWritten.yamlFiles(HandWritten.OBSERVABILITY)) {
            for (JsonNode doc : StrictManifests.trees(Repo.read(f), Repo.relative(f))) {
                if (doc.has("groups") && !doc.has("kind")) {
                    collectRules(doc.path("groups"), Repo.relative(f), out);
                }
            }
        }
        return out;
    }

    /** alert name -> normalized expr, of the PrometheusRule objects. */
    static Map<String, String> operatorRules() {
        Map<String, String> out = new TreeMap<>();
        for (StrictManifests.Doc d : HandWritten.kubernetesDocs(HandWritten.OBSERVABILITY)) {
            if (d.kind().equals("PrometheusRule")) {
                collectRules(d.tree().path("spec").path("groups"), d.id(), out);
            }
        }
        return out;
    }

    private static void collectRules(JsonNode groups, String where, Map<String, String> out) {
        for (JsonNode g : groups) {
            for (JsonNode r : g.path("rules")) {
                String name = r.has("alert") ? r.path("alert").asText() : "record:" + r.path("record").asText();
                if (out.put(name, r.path("expr").asText().trim().replaceAll("\\s+", " ")) != null) {
                    throw new AssertionError(where + ": rule " + name + " is defined twice");
                }
            }
        }
    }

    @Test
    void theServicesRegisterMeters() {
        Map<String, String> series = exportedSeries();
        assertTrue(series.keySet().stream().anyMatch(s -> s.startsWith("saga_")), "no saga meter found: " + series);
        // a TimeGauge is exported in seconds, a base unit becomes part of the name
        assertTrue(series.containsKey("saga_outbox_oldest_unpublished_age_seconds"), series::toString);
        assertTrue(series.containsKey("sandbox_refunded_amount_minor_units_total"), series::toString);
    }

    @Test
    void everyMetricADashboardQueriesIsExported() {
        Map<String, String> exported = exportedSeries();
        List<String> problems = new ArrayList<>();
        dashboardExprs().forEach((where, expr) -> metricNames(expr).stream().filter(n -> !exported(n, exported))
                .forEach(n -> problems.add(where + ": " + n + " is not exported by any service (expr: " + expr + ")")));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void everyMetricAnAlertRuleQueriesIsExported() {
        Map<String, String> exported = exportedSeries();
        Map<String, String> rules = new TreeMap<>(plainRules());
        operatorRules().forEach((k, v) -> rules.putIfAbsent(k, v));
        assertFalse(rules.isEmpty(), "no alert rule under deploy/observability");
        Set<String> recorded = new TreeSet<>();
        rules.keySet().stream().filter(k -> k.startsWith("record:")).forEach(k -> recorded.add(k.substring(7)));
        List<String> problems = new ArrayList<>();
        rules.forEach((name, expr) -> metricNames(expr).stream()
                .filter(n -> !exported(n, exported) && !recorded.contains(n))
                .forEach(n -> problems.add("rule " + name + ": " + n + " is not exported by any service (expr: " + expr
                        + ")")));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void plainRulesAndPrometheusRuleHoldTheSameAlerts() {
        Map<String, String> plain = plainRules();
        Map<String, String> operator = operatorRules();
        assertFalse(plain.isEmpty(), "no plain Prometheus rules file (top-level groups:) under deploy/observability");
        assertFalse(operator.isEmpty(), "no PrometheusRule under deploy/observability");
        assertEquals(plain.keySet(), operator.keySet(), "alert names of the plain rules file vs the PrometheusRule");
        List<String> differ = new ArrayList<>();
        plain.forEach((k, v) -> {
            if (!v.equals(operator.get(k))) {
                differ.add(k + ": plain '" + v + "' vs PrometheusRule '" + operator.get(k) + "'");
            }
        });
        assertTrue(differ.isEmpty(), () -> String.join("\n", differ));
    }

    /**
     * operator/podmonitors.yaml scrapes every pod of every saga service and the sandbox of the production chart,
     * each by exactly one PodMonitor, on a port the pod names (the same targets as the plain scrape config, which
     * keeps every pod with a prometheus.io/port); ServiceDown's `up` covers them by their component label.
     */
    @Test
    void thePodMonitorsScrapeEveryServiceAndTheSandboxOnce() {
        List<StrictManifests.Doc> monitors = HandWritten.kubernetesDocs(HandWritten.OBSERVABILITY).stream()
                .filter(d -> d.kind().equals("PodMonitor")).toList();
        assertFalse(monitors.isEmpty(), "no PodMonitor under deploy/observability");
        List<String> problems = new ArrayList<>();
        Set<String> scraped = new TreeSet<>();
        for (Manifests.PodModel pod : Chart.rendered("values-prod.yaml+values-lab.yaml").pods()) {
            String component = pod.labels().getOrDefault("app.kubernetes.io/component", "");
            if (!component.equals("service") && !component.equals("sandbox")) {
                continue;
            }
            List<StrictManifests.Doc> by = monitors.stream().filter(d -> {
                Map<String, String> labels = new LinkedHashMap<>();
                d.tree().path("spec").path("selector").path("matchLabels").fields()
                        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                return !labels.isEmpty() && pod.labels().entrySet().containsAll(labels.entrySet());
            }).toList();
            if (by.size() != 1) {
                problems.add(pod.owner() + " is selected by " + by.size() + " PodMonitors");
                continue;
            }
            by.get(0).tree().path("spec").path("podMetricsEndpoints").forEach(e -> {
                if (!pod.namedPorts().containsKey(e.path("port").asText())) {
                    problems.add(by.get(0).id() + " scrapes port '" + e.path("port").asText() + "' of " + pod.owner()
                            + ", which names " + pod.namedPorts().keySet());
                }
            });
            scraped.add(pod.labels().get("app.kubernetes.io/name"));
        }
        Set<String> expected = new TreeSet<>(Services.NAMES);
        expected.add(Services.SANDBOX);
        assertEquals(expected, scraped, "the pods the PodMonitors scrape");
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        String serviceDown = plainRules().get("ServiceDown");
        assertTrue(serviceDown != null && serviceDown.contains("component=~\"service|sandbox\""),
                "ServiceDown must watch every saga service by its component label: " + serviceDown);
    }

    @Test
    void theExpressionParserFindsMetricNames() {
        assertEquals(Set.of("saga_steps_runs_total", "up"), metricNames(
                "sum by (kind) (rate(saga_steps_runs_total{outcome=\"parked\",job=~\"$job\"}[$__rate_interval])) > 0.5"
                        + " and on(instance) up == 1"));
        assertEquals(Set.of("http_server_requests_seconds_bucket"), metricNames(
                "histogram_quantile(0.99, sum(rate(http_server_requests_seconds_bucket[5m])) by (le, uri))"));
    }
}
