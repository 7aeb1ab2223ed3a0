package dev.checkoutsaga.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code deploy/local/stack bench}: the benchmark of the running local stack. See docs/performance.md.
 *
 * <ol>
 * <li>seeds its catalog (PUT /products/{sku} on inventory);</li>
 * <li>the database bound: captures the SQL of one saga and replays it concurrently ({@link DbBound}, {@link Replay});</li>
 * <li>the ladder: per rate, Gatling's open-model arrivals for warm-up + duration, then every order
 * read until its saga is over; CPU per process over the measured window, outbox backlog and consumer
 * lag at its end; stops after the first rate that is not sustainable;</li>
 * <li>writes results.md, results.json, index.html (latency vs rate), Gatling's reports, and with
 * --profile the JFR recordings and their summary, under the output directory.</li>
 * </ol>
 */
public final class BenchMain {

    /** The sustainable rate: completed/s at least this share of offered/s ... */
    static final double COMPLETED_SHARE = 0.99;
    /** ... and saga p99 at most this (ms). */
    static final long SAGA_P99_LIMIT_MS = 1000;
    /**
     * Share of one core that other processes may use before a rate is marked disturbed (and that
     * --wait-quiet waits for). An idle machine here shows 10-20 %: kernel threads (kdamond), the VM's
     * agent, interrupts, short-lived processes.
     */
    static final double OTHER_LOAD_LIMIT = 0.25;

    /** The command line, for the reports. */
    static String[] ARGS = new String[0];

    private final BenchConfig cfg;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Processes processes;
    private final Map<String, Integer> instances = new LinkedHashMap<>();
    /** The order-service instances' base URLs (one without --replicas). */
    private List<String> orderUrls = List.of();

    private BenchMain(BenchConfig cfg) {
        this.cfg = cfg;
    }

    public static void main(String[] args) throws Exception {
        Path defaultOut = Path.of(".local", "bench", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ARGS = args.clone();
        BenchConfig cfg;
        try {
            cfg = BenchConfig.parse(args, defaultOut);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(BenchConfig.USAGE);
            System.exit(2);
            return;
        }
        int rc = new BenchMain(cfg).run();
        System.exit(rc);
    }

    private int run() throws Exception {
        Files.createDirectories(cfg.out());
        log("output: " + cfg.out());
        processes = Processes.discover();
        for (Processes.Group g : processes.groups()) {
            log(String.format("  %-20s pids %s", g.name(), g.pids()));
        }
        if (!processes.missing().isEmpty()) {
            log("WARNING: not found (CPU and memory not measured for them): " + processes.missing());
        }
        if (!ready(cfg.orderUrl()) || !ready(cfg.inventoryUrl())) {
            log("order-service (:8080) and inventory-service (:8081) must be up: run `deploy/local/stack up` first");
            return 1;
        }
        for (String s : Processes.SERVICES) {
            int n = processes.pids(s).size();
            instances.put(s, n);
            if (cfg.replicas() > 0 && n != cfg.replicas()) {
                log(s + ": " + n + " instance(s) running, --replicas " + cfg.replicas() + " expected (start the stack with "
                        + "`deploy/local/stack up --replicas " + cfg.replicas() + "`)");
                return 1;
            }
        }
        List<Integer> ports = processes.ports("order-service");
        orderUrls = ports.isEmpty() ? List.of(cfg.orderUrl()) : ports.stream().map(p -> "http://localhost:" + p).toList();
        for (String u : orderUrls) {
            if (!ready(u)) {
                log("order-service at " + u + " is not ready");
                return 1;
            }
        }
        log("instances: " + instances + "; POST /orders to " + orderUrls);
        Report report = new Report(cfg, machine());
        report.instances = instances;
        OrderMix.seedCatalog(http, cfg.inventoryUrl());
        Callers.customers(); // created before the load starts
        log("catalog seeded: " + OrderMix.PLENTIFUL + " (" + OrderMix.PLENTIFUL_STOCK + " each), " + OrderMix.SCARCE + " ("
                + OrderMix.SCARCE_STOCK + ")");

        try (Backlog backlog = new Backlog()) {
            backlog.awaitQuiet(Duration.ofSeconds(60));
            if (cfg.dbBound()) {
                awaitQuietMachine();
                report.db = dbBound(backlog);
                report.write();
            }
            if (cfg.load()) {
                if (!cfg.prime().isZero()) {
                    prime(cfg.rates().get(0), backlog);
                }
                for (int rate : cfg.rates()) {
                    awaitQuietMachine();
                    StepResult r = step(rate, backlog, false);
                    report.steps.add(r);
                    report.write();
                    log(String.format("rate %d/s: offered %.1f/s, accepted %.1f/s, completed %.1f/s, saga p99 %s, POST p99 %d ms -> %s",
                            rate, r.offeredPerSecond(), r.acceptedPerSecond(), r.completedPerSecond(), Report.ms(r.saga().p99()),
                            r.post().p99(), r.verdict()));
                    boolean throughputBroke = r.completedPerSecond() < COMPLETED_SHARE * r.offeredPerSecond();
                    if (cfg.stopOn() == BenchConfig.StopOn.SUSTAINABLE && !r.sustainable()
                            || cfg.stopOn() == BenchConfig.StopOn.THROUGHPUT && throughputBroke) {
                        log("stopping the ladder after " + rate + "/s: " + r.verdict() + " (--stop-on "
                                + cfg.stopOn().name().toLowerCase() + ")");
                        break;
                    }
                    if (!backlog.awaitQuiet(Duration.ofSeconds(60))) {
                        log("WARNING: the stack did not get quiet (backlog or lag left) before the next rate");
                    }
                }
                if (cfg.profile() && !report.steps.isEmpty()) {
                    // a separate pass, so that the ladder's figures carry no profiling overhead
                    int top = report.steps.get(report.steps.size() - 1).rate();
                    backlog.awaitQuiet(Duration.ofSeconds(120));
                    awaitQuietMachine();
                    log("profiling: " + top + "/s once more with a JFR recording in every service");
                    report.profiled = step(top, backlog, true);
                }
            }
        }
        report.write();
        System.out.println();
        System.out.println(Files.readString(cfg.out().resolve("results.md")));
        log("written: " + cfg.out().resolve("results.md") + ", results.json, index.html");
        return 0;
    }

    // --- database bound

    private Report.DbResult dbBound(Backlog backlog) throws Exception {
        log("database bound: capturing the statements of one saga (log_statement = 'all' for a few seconds)");
        DbBound.Capture capture = DbBound.capture(http, cfg, backlog);
        Files.write(cfg.out().resolve("saga-statements.sql"), DbBound.describe(capture.saga()));
        Map<String, int[]> perDb = DbBound.perDatabase(capture.saga());
        log("captured order " + capture.orderId() + ": " + capture.saga().size() + " transactions of the saga, "
                + capture.excluded().size() + " others left out; see saga-statements.sql");
        Report.DbResult db = new Report.DbResult();
        db.orderId = capture.orderId();
        db.logFile = capture.logFile();
        perDb.forEach((k, v) -> db.perDatabase.put(k, Map.of("transactions", v[0], "statements", v[1])));
        db.excluded = DbBound.excludedShapes(capture.excluded());
        try (Replay replay = new Replay(capture.saga(), capture.excluded())) {
            replay.createScratchDatabases(quarkusApps());
            db.transactionsPerSaga = replay.transactionsPerSaga();
            db.statementsPerSaga = replay.statementsPerSaga();
            // warm the scratch databases and the JIT before measuring
            replay.run(4, 0, 3000, processes);
            for (int n : cfg.replayConcurrency()) {
                Replay.Level level = replay.run(n, 1000, cfg.replayDuration().toMillis(), processes);
                db.levels.add(level);
                log(String.format("  replay x%d: %.1f sagas/s (%d errors), postgres CPU %.2f s, relay batches %d (%d rows), "
                        + "unpublished at the end %s", n, level.sagasPerSecond(), level.errors(),
                        level.cpuSeconds().getOrDefault("postgres", 0.0), level.relayBatches(), level.relayRows(),
                        level.unpublishedAtEnd()));
            }
            db.errorSamples = replay.errorSamples;
        }
        db.best = db.levels.stream().max(Comparator.comparingDouble(Replay.Level::sagasPerSecond)).orElse(null);
        return db;
    }

    /** quarkus-app directory of the service that owns each database, from the services' command lines. */
    private Map<String, Path> quarkusApps() {
        Map<String, Path> out = new HashMap<>();
        for (String s : Processes.SERVICES) {
            processes.pidOf(s).flatMap(Processes::cmdline).ifPresent(cmd -> {
                String jar = null;
                String db = null;
                for (String a : cmd.split(" ")) {
                    if (a.endsWith("/quarkus-app/quarkus-run.jar")) {
                        jar = a;
                    } else if (a.startsWith("-Dquarkus.datasource.jdbc.url=")) {
                        db = a.substring(a.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
                    }
                }
                if (jar != null && db != null) {
                    out.put(db, Path.of(jar).getParent());
                }
            });
        }
        return out;
    }

    // --- one rate of the ladder

    /** Orders at {@code rate} for --prime, nothing measured: the services' JIT compilers get to work first. */
    private void prime(int rate, Backlog backlog) throws Exception {
        log(String.format("priming: %d orders/s for %ds (not measured)", rate, cfg.prime().toSeconds()));
        OrdersSimulation.Step step = new OrdersSimulation.Step(rate, 0, cfg.prime().toSeconds(), orderUrls, () -> { });
        OrdersSimulation.current = step;
        io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
            "-s", OrdersSimulation.class.getName(), "-rf", cfg.out().resolve("gatling").toString(), "-nr",
            "-rd", "priming at " + rate + "/s"});
        List<String> ids = step.placed.stream().filter(p -> p.status() == 202 && p.orderId() != null)
                .map(OrdersSimulation.Placed::orderId).toList();
        new SagaPoller(http, cfg.orderUrl()).await(ids, cfg.drain());
        backlog.awaitQuiet(Duration.ofSeconds(60));
    }

    private StepResult step(int rate, Backlog backlog, boolean profile) throws Exception {
        long warmupMs = cfg.warmup().toMillis();
        long durationMs = cfg.duration().toMillis();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Processes.Sample> cpuFrom = new CompletableFuture<>();
        CompletableFuture<Processes.Sample> cpuTo = new CompletableFuture<>();
        CompletableFuture<Backlog.Snapshot> backlogAtEnd = new CompletableFuture<>();
        CompletableFuture<Map<String, Path>> profiles = new CompletableFuture<>();
        Path profileDir = cfg.out().resolve("profiles");
        OrdersSimulation.Step step = new OrdersSimulation.Step(rate, cfg.warmup().toSeconds(), cfg.duration().toSeconds(),
                orderUrls, () -> {
                    timer.schedule(() -> {
                        cpuFrom.complete(processes.sample());
                        if (profile) {
                            try {
                                profiles.complete(new Profiler().start(processes, cfg.duration(), profileDir,
                                        String.format("rate-%03d", rate)));
                            } catch (Exception e) {
                                profiles.completeExceptionally(e);
                            }
                        } else {
                            profiles.complete(Map.of());
                        }
                    }, warmupMs, TimeUnit.MILLISECONDS);
                    timer.schedule(() -> {
                        cpuTo.complete(processes.sample());
                        try {
                            backlogAtEnd.complete(backlog.snapshot());
                        } catch (RuntimeException e) {
                            backlogAtEnd.completeExceptionally(e);
                        }
                    }, warmupMs + durationMs, TimeUnit.MILLISECONDS);
                });
        OrdersSimulation.current = step;
        Path gatlingDir = cfg.out().resolve("gatling");
        Files.createDirectories(gatlingDir);
        log(String.format("rate %d/s: %ds warm-up + %ds measured", rate, cfg.warmup().toSeconds(), cfg.duration().toSeconds()));
        int rc = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
            "-s", OrdersSimulation.class.getName(),
            "-rf", gatlingDir.toString(),
            "-rd", "POST /orders at " + rate + "/s (" + cfg.warmup().toSeconds() + "s warm-up + " + cfg.duration().toSeconds()
                    + "s measured)"});
        if (rc != 0) {
            log("Gatling exited with " + rc + " (some requests failed; see its report)");
        }
        Processes.Sample from = cpuFrom.get(30, TimeUnit.SECONDS);
        Processes.Sample to = cpuTo.get(durationMs + 60_000, TimeUnit.MILLISECONDS);
        Backlog.Snapshot atEnd = backlogAtEnd.get(60, TimeUnit.SECONDS);
        timer.shutdown();

        long ws = step.startedAtMillis + warmupMs;
        long we = ws + durationMs;
        List<OrdersSimulation.Placed> placed = new ArrayList<>(step.placed);
        List<String> ids = placed.stream().filter(p -> p.status() == 202 && p.orderId() != null).map(OrdersSimulation.Placed::orderId)
                .toList();
        log(String.format("rate %d/s: %d orders placed (%d accepted); reading them until their sagas are over", rate, placed.size(),
                ids.size()));
        long drainStart = System.nanoTime();
        Map<String, SagaPoller.Outcome> outcomes = new SagaPoller(http, cfg.orderUrl()).await(ids, cfg.drain());
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;

        Map<String, String> profileSummaries = new LinkedHashMap<>();
        if (profile) {
            Map<String, Path> files = profiles.get(30, TimeUnit.SECONDS);
            Profiler.awaitFiles(files, Duration.ofSeconds(60));
            files.forEach((svc, f) -> profileSummaries.put(svc, cfg.out().relativize(f).toString()));
            StringBuilder md = new StringBuilder("# JFR profiles at " + rate + " orders/s (" + cfg.duration().toSeconds()
                    + " s measured window)\n\n");
            files.forEach((svc, f) -> md.append(Profiler.summarize(svc, f)));
            Files.writeString(profileDir.resolve(String.format("rate-%03d.md", rate)), md);
        }
        return evaluate(rate, durationMs, ws, we, placed, outcomes, from, to, atEnd, drainSeconds,
                latestReport(gatlingDir), profileSummaries);
    }

    private StepResult evaluate(int rate, long durationMs, long ws, long we, List<OrdersSimulation.Placed> placed,
            Map<String, SagaPoller.Outcome> outcomes, Processes.Sample from, Processes.Sample to, Backlog.Snapshot atEnd,
            double drainSeconds, String gatlingReport, Map<String, String> profiles) {
        double seconds = durationMs / 1000.0;
        List<OrdersSimulation.Placed> measured = placed.stream().filter(p -> p.sentAtMillis() >= ws && p.sentAtMillis() < we).toList();
        Map<String, Long> statuses = new TreeMap<>();
        long c4 = 0;
        long c5 = 0;
        long conn = 0;
        long accepted = 0;
        List<Long> post = new ArrayList<>();
        List<Long> saga = new ArrayList<>();
        Map<String, Long> kinds = new TreeMap<>();
        long unfinished = 0;
        for (OrdersSimulation.Placed p : measured) {
            statuses.merge(p.status() == 0 ? "no answer" : Integer.toString(p.status()), 1L, Long::sum);
            if (p.status() == 0) {
                conn++;
            } else if (p.status() >= 500) {
                c5++;
            } else if (p.status() >= 400) {
                c4++;
            }
            if (p.responseMillis() >= 0) {
                post.add(p.responseMillis());
            }
            if (p.status() == 202 && p.orderId() != null) {
                accepted++;
                SagaPoller.Outcome o = outcomes.get(p.orderId());
                if (o != null && o.terminal() && o.endedAtMillis() > 0) {
                    saga.add(Math.max(0, o.endedAtMillis() - p.sentAtMillis()));
                    kinds.merge(o.status() + (o.reason() == null ? "" : " " + o.reason()), 1L, Long::sum);
                } else {
                    saga.add(StepResult.UNFINISHED);
                    unfinished++;
                    kinds.merge("unfinished (" + (o == null ? "unread" : o.status()) + ")", 1L, Long::sum);
                }
            }
        }
        // throughput: sagas of this step (warm-up included) that ended inside the measured window
        long completedInWindow = placed.stream().filter(p -> p.orderId() != null).map(p -> outcomes.get(p.orderId()))
                .filter(o -> o != null && o.terminal() && o.endedAtMillis() >= ws && o.endedAtMillis() < we).count();
        double offeredPerSecond = measured.size() / seconds;
        double completedPerSecond = completedInWindow / seconds;
        Map<String, Double> cpu = processes.cpuSeconds(from, to);
        Map<String, Double> perSaga = new LinkedHashMap<>();
        cpu.forEach((k, v) -> perSaga.put(k, completedInWindow == 0 ? Double.NaN : v / completedInWindow));
        StepResult.Percentiles sagaP = StepResult.Percentiles.of(saga);
        boolean throughputOk = completedPerSecond >= COMPLETED_SHARE * offeredPerSecond;
        boolean latencyOk = sagaP.count() > 0 && sagaP.p99() <= SAGA_P99_LIMIT_MS;
        String verdict = throughputOk && latencyOk ? "sustainable"
                : (throughputOk ? "" : String.format("completed %.0f %% of offered", 100 * completedPerSecond / Math.max(1e-9, offeredPerSecond)))
                        + (!throughputOk && !latencyOk ? "; " : "") + (latencyOk ? "" : "saga p99 " + Report.ms(sagaP.p99()) + " > 1 s");
        return new StepResult(rate, seconds, measured.size(), offeredPerSecond, accepted, accepted / seconds, statuses, c4, c5, conn,
                completedInWindow, completedPerSecond, kinds, unfinished, StepResult.Percentiles.of(post), sagaP, cpu, perSaga,
                to.memoryKb(), atEnd, drainSeconds, throughputOk && latencyOk, verdict, gatlingReport, profiles);
    }

    private String latestReport(Path gatlingDir) throws IOException {
        try (Stream<Path> s = Files.list(gatlingDir)) {
            return s.filter(Files::isDirectory).max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .map(p -> cfg.out().relativize(p.resolve("index.html")).toString()).orElse(null);
        }
    }

    // --- helpers

    /** Share of one core that processes outside the stack use, over {@code millis}. */
    private double otherLoad(long millis) throws InterruptedException {
        Processes.Sample a = processes.sample();
        Thread.sleep(millis);
        Processes.Sample b = processes.sample();
        return processes.cpuSeconds(a, b).getOrDefault(Processes.OTHER, 0.0) / (millis / 1000.0);
    }

    /** Up to --wait-quiet, waits until other processes use less than OTHER_LOAD_LIMIT of a core; warns if they still do. */
    private void awaitQuietMachine() throws InterruptedException {
        long deadline = System.nanoTime() + cfg.waitQuiet().toNanos();
        double load = otherLoad(3000);
        boolean told = false;
        while (load > OTHER_LOAD_LIMIT && System.nanoTime() < deadline) {
            if (!told) {
                log(String.format("other processes use %.0f %% of a core: waiting (--wait-quiet %ds)", load * 100,
                        cfg.waitQuiet().toSeconds()));
                told = true;
            }
            load = otherLoad(5000);
        }
        if (load > OTHER_LOAD_LIMIT) {
            log(String.format("WARNING: other processes use %.0f %% of a core: the results will be disturbed", load * 100));
        }
    }

    private boolean ready(String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(BenchConfig.managementBase(base) + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("nproc", Integer.toString(Runtime.getRuntime().availableProcessors()));
        try {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).strip()));
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
                    .ifPresent(l -> m.put("memory", String.format("%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)));
        } catch (IOException e) {
            // not Linux
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    static void log(String s) {
        System.out.println("[bench] " + s);
    }
}
