package dev.checkoutsaga.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** results.md, results.json and index.html (latency and throughput against the offered rate) of one run. */
final class Report {

    /** The database bound: what was captured and what the replay reached. */
    static final class DbResult {
        public String orderId;
        public String logFile;
        public Map<String, Map<String, Integer>> perDatabase = new LinkedHashMap<>();
        public int transactionsPerSaga;
        public int statementsPerSaga;
        public Map<String, Integer> excluded = new LinkedHashMap<>();
        public List<Replay.Level> levels = new ArrayList<>();
        public Replay.Level best;
        public List<String> errorSamples = new ArrayList<>();
    }

    private final BenchConfig cfg;
    private final Map<String, String> machine;
    final List<StepResult> steps = new ArrayList<>();
    /** Instances of each service that ran (stack up --replicas N). */
    Map<String, Integer> instances = new LinkedHashMap<>();
    /** With --profile: the top rate run once more with JFR recordings (not part of the ladder). */
    StepResult profiled;
    DbResult db;

    Report(BenchConfig cfg, Map<String, String> machine) {
        this.cfg = cfg;
        this.machine = machine;
    }

    /** The highest rate that was sustainable (null if none). */
    StepResult sustainable() {
        StepResult best = null;
        for (StepResult s : steps) {
            if (s.sustainable() && (best == null || s.rate() > best.rate())) {
                best = s;
            }
        }
        return best;
    }

    void write() throws IOException {
        Files.writeString(cfg.out().resolve("results.md"), markdown());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command());
        json.put("machine", machine);
        json.put("instances", instances);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("rates", cfg.rates());
        config.put("durationSeconds", cfg.duration().toSeconds());
        config.put("warmupSeconds", cfg.warmup().toSeconds());
        config.put("primeSeconds", cfg.prime().toSeconds());
        config.put("drainSeconds", cfg.drain().toSeconds());
        config.put("stopOn", cfg.stopOn().name().toLowerCase());
        config.put("waitQuietSeconds", cfg.waitQuiet().toSeconds());
        config.put("profile", cfg.profile());
        config.put("replayConcurrency", cfg.replayConcurrency());
        config.put("replayDurationSeconds", cfg.replayDuration().toSeconds());
        json.put("config", config);
        json.put("criteria", Map.of("completedShareOfOffered", BenchMain.COMPLETED_SHARE, "sagaP99LimitMs", BenchMain.SAGA_P99_LIMIT_MS));
        StepResult s = sustainable();
        json.put("sustainableRate", s == null ? null : s.rate());
        json.put("steps", steps);
        json.put("profiledPass", profiled);
        json.put("databaseBound", db);
        if (db != null && db.best != null && s != null) {
            json.put("sustainableShareOfDatabaseBound", s.rate() / db.best.sagasPerSecond());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(cfg.out().resolve("results.json").toFile(), json);
        Files.writeString(cfg.out().resolve("index.html"), html());
    }

    String command() {
        return "deploy/local/stack bench " + String.join(" ", BenchMain.ARGS);
    }

    // --- markdown

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Checkout Saga benchmark, ").append(machine.get("date")).append("\n\n");
        b.append("`").append(command()).append("`\n\n");
        b.append("Machine: ").append(machine.get("nproc")).append(" CPUs (").append(machine.getOrDefault("cpu", "?")).append("), ")
                .append(machine.getOrDefault("memory", "?")).append(" RAM; ").append(machine.get("java")).append("\n\n");
        if (instances.values().stream().anyMatch(n -> n != 1)) {
            b.append("Instances per service: ").append(instances.toString().replaceAll("[{}]", ""))
                    .append(" (CPU and memory below are summed over the instances of a service).\n\n");
        }
        if (!steps.isEmpty()) {
            b.append(ladderTable());
            StepResult s = sustainable();
            b.append("\n**Sustainable rate: ").append(s == null ? "none of the rates tried" : s.rate() + " orders/s")
                    .append("** (the highest rate with completed/s >= ").append((int) (BenchMain.COMPLETED_SHARE * 100))
                    .append(" % of offered/s and saga p99 <= ").append(BenchMain.SAGA_P99_LIMIT_MS).append(" ms)");
            if (db != null && db.best != null && s != null) {
                b.append(String.format(", %.1f %% of the database bound (%.0f sagas/s).", 100.0 * s.rate() / db.best.sagasPerSecond(),
                        db.best.sagasPerSecond()));
            }
            b.append("\n\n");
            b.append(cpuTable());
            b.append(memoryTable());
            b.append(outcomeTable());
        }
        if (profiled != null) {
            b.append(String.format("JFR profiles (settings=profile) of every service during a separate pass at %d/s after the ladder "
                    + "(offered %.1f/s, completed %.1f/s, saga p99 %s, stack CPU %.0f %% of a core): summaries in `profiles/rate-%03d.md`, "
                    + "recordings `profiles/*.jfr` (open with JDK Mission Control or `jfr print`).%n%n", profiled.rate(),
                    profiled.offeredPerSecond(), profiled.completedPerSecond(), ms(profiled.saga().p99()),
                    stackCpu(profiled) / profiled.seconds() * 100, profiled.rate()));
        }
        if (db != null) {
            b.append(dbSection());
        }
        return b.toString();
    }

    private String ladderTable() {
        StringBuilder b = new StringBuilder();
        b.append("| rate | offered/s | accepted/s | 4xx | 5xx | completed/s | POST p50 / p95 / p99 | saga p50 / p95 / p99 "
                + "| outbox backlog | consumer lag | verdict |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---|\n");
        for (StepResult s : steps) {
            b.append(String.format("| %d/s | %.1f | %.1f | %d | %d | %.1f | %s / %s / %s | %s / %s / %s | %d | %d | %s |\n",
                    s.rate(), s.offeredPerSecond(), s.acceptedPerSecond(), s.client4xx(), s.server5xx() + s.connectionErrors(),
                    s.completedPerSecond(), ms(s.post().p50()), ms(s.post().p95()), ms(s.post().p99()), ms(s.saga().p50()),
                    ms(s.saga().p95()), ms(s.saga().p99()), s.backlogAtEnd().outboxTotal(), s.backlogAtEnd().lagTotal(), s.verdict()));
        }
        b.append("\nRates per second of the ").append(cfg.duration().toSeconds()).append(" s measured window (after ")
                .append(cfg.warmup().toSeconds()).append(" s of warm-up at the same rate). completed/s: sagas that reached ")
                .append("COMPLETED or CANCELLED inside the window. Saga latency: from sending POST /orders to the order's ")
                .append("OrderCompleted/OrderCancelled timeline entry. 5xx includes requests without an answer. Outbox backlog ")
                .append("(unpublished rows, every service's database) and consumer lag (all groups) at the end of the window.\n\n");
        for (StepResult s : steps) {
            double other = s.cpuSeconds().getOrDefault(Processes.OTHER, 0.0) / s.seconds();
            if (other > BenchMain.OTHER_LOAD_LIMIT) {
                b.append(String.format("**Disturbed:** at %d/s other processes (not the stack, not the bench) used %.0f %% of a core "
                        + "(an idle machine shows 10-20 %%: kernel threads, interrupts).%n%n", s.rate(), other * 100));
            }
        }
        return b.toString();
    }

    private String cpuTable() {
        StringBuilder b = new StringBuilder("CPU milliseconds per completed saga, by process (utime + stime over the window; ")
                .append("postgres = postmaster + all backends; in brackets: average share of one core):\n\n");
        perRateHeader(b);
        for (String n : processes(StepResult::cpuSecondsPerSaga)) {
            b.append("| ").append(n).append(" |");
            for (StepResult s : steps) {
                double perSaga = s.cpuSecondsPerSaga().getOrDefault(n, Double.NaN);
                double util = s.cpuSeconds().getOrDefault(n, 0.0) / s.seconds();
                b.append(String.format(" %.1f (%.0f %%) |", perSaga * 1000, util * 100));
            }
            b.append("\n");
        }
        b.append("| **stack total** (without the bench) |");
        for (StepResult s : steps) {
            double cpu = stackCpu(s);
            b.append(String.format(" **%.1f** (%.0f %%) |", s.completedInWindow() == 0 ? Double.NaN : cpu * 1000 / s.completedInWindow(),
                    cpu / s.seconds() * 100));
        }
        b.append("\n\n");
        StepResult best = sustainable();
        if (best != null && best.completedInWindow() > 0) {
            double msPerSaga = stackCpu(best) * 1000 / best.completedInWindow();
            int cores = Integer.parseInt(machine.getOrDefault("nproc", "1"));
            b.append(String.format("At %d/s the stack spends %.0f ms of CPU per saga: %d cores can do at most about %.0f sagas/s at that "
                    + "cost, before the load generator and anything else running are counted.%n%n", best.rate(), msPerSaga, cores,
                    cores * 1000 / msPerSaga));
        }
        return b.toString();
    }

    /** The header of a table with one column per rate of the ladder. */
    private void perRateHeader(StringBuilder b) {
        b.append("| process |");
        steps.forEach(s -> b.append(" ").append(s.rate()).append("/s |"));
        b.append("\n|---|");
        steps.forEach(s -> b.append("---:|"));
        b.append("\n");
    }

    /** Every process named in any rate's figures, in the order they were first seen. */
    private Set<String> processes(Function<StepResult, Map<String, ?>> figures) {
        Set<String> names = new LinkedHashSet<>();
        steps.forEach(s -> names.addAll(figures.apply(s).keySet()));
        return names;
    }

    private String memoryTable() {
        StringBuilder b = new StringBuilder("Resident memory at the end of each window, MiB (VmRSS; postgres: PSS summed over its processes):\n\n");
        perRateHeader(b);
        for (String n : processes(StepResult::memoryKb)) {
            b.append("| ").append(n).append(" |");
            steps.forEach(s -> b.append(String.format(" %.0f |", s.memoryKb().getOrDefault(n, 0L) / 1024.0)));
            b.append("\n");
        }
        return b.append("\n").toString();
    }

    private String outcomeTable() {
        StringBuilder b = new StringBuilder("Outcomes of the orders placed in the window (202 answers), and how long it took after the "
                + "load stopped until every saga of the rate was over:\n\n| rate | outcomes | HTTP statuses | drain |\n|---:|---|---|---:|\n");
        for (StepResult s : steps) {
            b.append("| ").append(s.rate()).append("/s | ").append(s.outcomes().toString().replaceAll("[{}]", "")).append(" | ")
                    .append(s.statusCounts().toString().replaceAll("[{}]", "")).append(String.format(" | %.1f s |\n", s.drainSeconds()));
        }
        return b.append("\n").toString();
    }

    private String dbSection() {
        StringBuilder b = new StringBuilder("## Database bound\n\n");
        b.append("The statements of one saga (order ").append(db.orderId).append(", 2 lines, good card), captured from PostgreSQL's ")
                .append("statement log and replayed from concurrent JDBC connections into scratch copies of the services' databases ")
                .append("(every UUID remapped per copy): ").append(db.transactionsPerSaga).append(" transactions, ")
                .append(db.statementsPerSaga).append(" statements per saga (BEGIN/COMMIT not counted).\n\n");
        b.append("| database | transactions | statements |\n|---|---:|---:|\n");
        db.perDatabase.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v.get("transactions")).append(" | ")
                .append(v.get("statements")).append(" |\n"));
        b.append("\n| concurrent replays | sagas/s | transactions/s | statements/s | relay batches/s (rows each) "
                + "| unpublished at the end | postgres CPU ms per saga | postgres CPU | replay client CPU | other CPU | errors |\n");
        b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Replay.Level l : db.levels) {
            double pg = l.cpuSeconds().getOrDefault("postgres", 0.0);
            double client = l.cpuSeconds().entrySet().stream().filter(e -> e.getKey().startsWith("bench")).mapToDouble(Map.Entry::getValue).sum();
            double other = l.cpuSeconds().getOrDefault(Processes.OTHER, 0.0);
            b.append(String.format("| %d | %.1f | %.0f | %.0f | %.1f (%.1f) | %d | %.2f | %.0f %% | %.0f %% | %.0f %% | %d |\n", l.concurrency(),
                    l.sagasPerSecond(), l.transactions() / l.seconds(), l.statements() / l.seconds(), l.relayBatches() / l.seconds(),
                    l.relayBatches() == 0 ? 0.0 : (double) l.relayRows() / l.relayBatches(),
                    l.unpublishedAtEnd().values().stream().mapToLong(Long::longValue).sum(),
                    l.sagas() == 0 ? Double.NaN : pg * 1000 / l.sagas(), pg / l.seconds() * 100, client / l.seconds() * 100,
                    other / l.seconds() * 100, l.errors()));
        }
        b.append("\nCPU shares are of one core (this machine has ").append(machine.get("nproc")).append("). The replay client ")
                .append("(this JVM) runs on the same cores as PostgreSQL. The outbox relays are emulated as the services run ")
                .append("them (one thread per database claiming up to the captured batch size, woken by the insert trigger's ")
                .append("NOTIFY), not replayed one claim per event.\n");
        if (db.best != null) {
            b.append(String.format("%n**Database bound: %.0f sagas/s** (best of the concurrency levels above).%n%n", db.best.sagasPerSecond()));
        }
        if (!db.errorSamples.isEmpty()) {
            b.append("Replay errors (first ones):\n\n");
            db.errorSamples.forEach(e -> b.append("- `").append(e.replace('`', '\'').replace('\n', ' ')).append("`\n"));
            b.append("\n");
        }
        if (!db.excluded.isEmpty()) {
            b.append("Left out of the saga (statements in the capture window that do not touch its identifiers: periodic jobs, ")
                    .append("gauges, empty relay polls), with their count:\n\n");
            db.excluded.forEach((k, v) -> b.append("- ").append(v).append(" x `").append(k.replace('`', '\'')).append("`\n"));
            b.append("\n");
        }
        return b.toString();
    }

    /** CPU seconds of the stack's processes (not the bench, not other processes) over the window. */
    static double stackCpu(StepResult s) {
        return s.cpuSeconds().entrySet().stream().filter(e -> !e.getKey().startsWith("bench") && !e.getKey().equals(Processes.OTHER))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    static String ms(long v) {
        if (v == StepResult.UNFINISHED) {
            return "unfinished";
        }
        if (v < 0) {
            return "-";
        }
        return v + " ms";
    }

    // --- html

    private String html() {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Checkout Saga benchmark</title>"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#eee}"
                + "svg text{font-size:11px}</style></head><body>");
        b.append("<h1>Checkout Saga benchmark</h1><p><code>").append(esc(command())).append("</code><br>")
                .append(esc(machine.toString())).append("</p>");
        if (!steps.isEmpty()) {
            b.append("<h2>Saga and POST /orders latency against the offered rate</h2>");
            b.append(chart(List.of(
                    new Series("saga p50", "#1f77b4", StepResult::saga, StepResult.Percentiles::p50),
                    new Series("saga p95", "#ff7f0e", StepResult::saga, StepResult.Percentiles::p95),
                    new Series("saga p99", "#d62728", StepResult::saga, StepResult.Percentiles::p99),
                    new Series("POST p99", "#7f7f7f", StepResult::post, StepResult.Percentiles::p99)), "ms (log scale)", true));
            b.append("<h2>Completed sagas/s against offered orders/s</h2>");
            b.append(throughputChart());
            b.append("<h2>Per rate</h2><table><tr><th>rate</th><th>offered/s</th><th>accepted/s</th><th>completed/s</th>"
                    + "<th>saga p99</th><th>verdict</th><th>Gatling report (latency over time)</th></tr>");
            for (StepResult s : steps) {
                b.append(String.format("<tr><td>%d/s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%s</td><td>%s</td><td>%s</td></tr>",
                        s.rate(), s.offeredPerSecond(), s.acceptedPerSecond(), s.completedPerSecond(), ms(s.saga().p99()), esc(s.verdict()),
                        s.gatlingReport() == null ? "" : "<a href=\"" + s.gatlingReport() + "\">report</a>"));
            }
            b.append("</table>");
        }
        b.append("<p>Full tables: <a href=\"results.md\">results.md</a>, <a href=\"results.json\">results.json</a>.</p></body></html>");
        return b.toString();
    }

    record Series(String name, String color, java.util.function.Function<StepResult, StepResult.Percentiles> of,
            ToLongFunction<StepResult.Percentiles> value) {
    }

    private String chart(List<Series> series, String yLabel, boolean log) {
        int w = 760;
        int h = 360;
        int l = 70;
        int r = 150;
        int t = 20;
        int bot = 50;
        double maxX = niceMax(steps.stream().mapToDouble(StepResult::offeredPerSecond).max().orElse(1));
        long maxY = 1;
        long minY = Long.MAX_VALUE;
        for (Series s : series) {
            for (StepResult st : steps) {
                long v = s.value().applyAsLong(s.of().apply(st));
                if (v > 0 && v != StepResult.UNFINISHED) {
                    maxY = Math.max(maxY, v);
                    minY = Math.min(minY, v);
                }
            }
        }
        double lo = log ? Math.pow(10, Math.floor(Math.log10(Math.max(1, Math.min(minY, maxY))))) : 0;
        double hi = log ? Math.pow(10, Math.ceil(Math.log10(maxY * 1.01))) : maxY * 1.1;
        java.util.function.DoubleUnaryOperator y = v -> {
            double f = log ? (Math.log10(Math.max(lo, v)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
            return t + (h - t - bot) * (1 - f);
        };
        java.util.function.DoubleUnaryOperator x = v -> l + (w - l - r) * v / maxX;
        StringBuilder b = new StringBuilder("<svg width=\"" + w + "\" height=\"" + h + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        axes(b, w, h, l, r, t, bot, maxX, x, "offered orders/s");
        if (log) {
            for (double g = lo; g <= hi * 1.001; g *= 10) {
                double yy = y.applyAsDouble(g);
                b.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>",
                        l, yy, w - r, yy, l - 5, yy + 4, g));
            }
        }
        b.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\" stroke-dasharray=\"4\"/>"
                + "<text x=\"%d\" y=\"%.1f\">1 s (limit)</text>", l, y.applyAsDouble(1000), w - r, y.applyAsDouble(1000), w - r + 5,
                y.applyAsDouble(1000) + 4));
        b.append(String.format("<text x=\"15\" y=\"%d\" transform=\"rotate(-90 15 %d)\">%s</text>", h / 2, h / 2, esc(yLabel)));
        int legend = t + 20;
        for (Series s : series) {
            StringBuilder pts = new StringBuilder();
            for (StepResult st : steps) {
                long v = s.value().applyAsLong(s.of().apply(st));
                if (v < 0) {
                    continue;
                }
                double yy = v == StepResult.UNFINISHED ? t : y.applyAsDouble(Math.max(v, lo));
                double xx = x.applyAsDouble(st.offeredPerSecond());
                pts.append(String.format("%.1f,%.1f ", xx, yy));
                b.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s at %.1f/s: %s</title></circle>",
                        xx, yy, s.color(), s.name(), st.offeredPerSecond(), ms(v)));
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"2\" points=\"").append(pts).append("\"/>");
            b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
                    w - r + 10, legend - 4, s.color(), w - r + 27, legend, esc(s.name())));
            legend += 18;
        }
        return b.append("</svg>").toString();
    }

    private String throughputChart() {
        int w = 760;
        int h = 360;
        int l = 70;
        int r = 150;
        int t = 20;
        int bot = 50;
        double max = niceMax(steps.stream().mapToDouble(s -> Math.max(s.offeredPerSecond(), s.completedPerSecond())).max().orElse(1));
        java.util.function.DoubleUnaryOperator x = v -> l + (w - l - r) * v / max;
        java.util.function.DoubleUnaryOperator y = v -> t + (h - t - bot) * (1 - v / max);
        StringBuilder b = new StringBuilder("<svg width=\"" + w + "\" height=\"" + h + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        axes(b, w, h, l, r, t, bot, max, x, "offered orders/s");
        double step = niceStep(max);
        for (double v = 0; v <= max * 1.0001; v += step) {
            b.append(String.format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", l - 5, y.applyAsDouble(v) + 4, num(v)));
        }
        b.append(String.format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#aaa\" stroke-dasharray=\"4\"/>",
                x.applyAsDouble(0), y.applyAsDouble(0), x.applyAsDouble(max), y.applyAsDouble(max)));
        StringBuilder pts = new StringBuilder();
        for (StepResult s : steps) {
            double xx = x.applyAsDouble(s.offeredPerSecond());
            double yy = y.applyAsDouble(s.completedPerSecond());
            pts.append(String.format("%.1f,%.1f ", xx, yy));
            b.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2ca02c\"><title>%.1f/s offered: %.1f/s completed</title></circle>",
                    xx, yy, s.offeredPerSecond(), s.completedPerSecond()));
        }
        b.append("<polyline fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"2\" points=\"").append(pts).append("\"/>");
        if (db != null && db.best != null && db.best.sagasPerSecond() <= max) {
            double yy = y.applyAsDouble(db.best.sagasPerSecond());
            b.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#9467bd\" stroke-dasharray=\"6\"/>", l, yy, w - r, yy));
        }
        b.append(String.format("<text x=\"%d\" y=\"%d\">completed/s</text><text x=\"%d\" y=\"%d\">- - offered = completed</text>",
                w - r + 10, t + 20, w - r + 10, t + 38));
        if (db != null && db.best != null) {
            b.append(String.format("<text x=\"%d\" y=\"%d\">database bound: %.0f/s</text>", w - r + 10, t + 56,
                    db.best.sagasPerSecond()));
            if (db.best.sagasPerSecond() > max) {
                b.append(String.format("<text x=\"%d\" y=\"%d\">(above this scale)</text>", w - r + 10, t + 72));
            }
        }
        b.append(String.format("<text x=\"15\" y=\"%d\" transform=\"rotate(-90 15 %d)\">completed sagas/s</text>", h / 2, h / 2));
        return b.append("</svg>").toString();
    }

    /** Tick step for about 5 ticks up to {@code max}: 1, 2 or 5 times a power of ten. */
    private static double niceStep(double max) {
        double raw = Math.max(max, 1e-9) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    /** {@code max} (plus 5 %) rounded up to a whole tick step. */
    private static double niceMax(double max) {
        double step = niceStep(max * 1.05);
        return Math.ceil(max * 1.05 / step) * step;
    }

    private static void axes(StringBuilder b, int w, int h, int l, int r, int t, int bot, double maxX,
            java.util.function.DoubleUnaryOperator x, String label) {
        b.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>", l, h - bot, w - r, h - bot));
        b.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>", l, t, l, h - bot));
        double step = niceStep(maxX);
        for (double v = 0; v <= maxX * 1.0001; v += step) {
            b.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x.applyAsDouble(v), h - bot + 15, num(v)));
        }
        b.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", (l + w - r) / 2, h - 10, label));
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
