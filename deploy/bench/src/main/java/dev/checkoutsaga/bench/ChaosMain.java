package dev.checkoutsaga.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code deploy/local/stack chaos}: the chaos lab of the running local stack (docs/chaos-results.md).
 * Per scenario: Gatling offers orders at a steady rate ({@link OrdersSimulation}, the benchmark's
 * load); after --before the {@link Fault} is injected, after --fault it is healed, the load goes on
 * for --after. Then every accepted order is read until its saga is over, the stack is left to get
 * quiet (no unpublished outbox row, no consumer lag) and the audit (chaos/audit) checks the
 * invariants. One row per scenario; exit 1 if any row breaches the bar.
 */
public final class ChaosMain {

    private final ChaosConfig cfg;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChaosMain(ChaosConfig cfg) {
        this.cfg = cfg;
    }

    public static void main(String[] args) throws Exception {
        Path defaultOut = Path.of(".local", "chaos", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ChaosConfig cfg;
        try {
            cfg = ChaosConfig.parse(args, defaultOut);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(ChaosConfig.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new ChaosMain(cfg).run(args));
    }

    private int run(String[] args) throws Exception {
        Map<String, Fault> all = Faults.all(new StackControl(http), cfg, http);
        if (cfg.scenarios().contains("list")) {
            all.values().forEach(f -> System.out.printf("  %-20s %s%n", f.name(), f.description()));
            return 0;
        }
        List<Fault> faults;
        try {
            faults = Faults.select(all, cfg.scenarios());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        StackControl stack = new StackControl(http);
        if (!stack.awaitReady("http://localhost:8080", Duration.ofSeconds(5))) {
            log("order-service (:8080) is not ready: run `deploy/local/stack up` first");
            return 1;
        }
        // a POST without an answer within this time is a hang (Gatling reads its settings from system properties)
        System.setProperty("gatling.http.requestTimeout", Long.toString(cfg.requestTimeout().toMillis()));
        Files.createDirectories(cfg.out());
        log("output: " + cfg.out());
        OrderMix.seedCatalog(http, "http://localhost:8081");
        Callers.customers(); // created before the load starts

        StringBuilder md = new StringBuilder();
        md.append("# Chaos lab, ").append(java.time.Instant.now()).append("\n\n")
                .append("Command: `deploy/local/stack chaos ").append(String.join(" ", args)).append("`  \n")
                .append(String.format("Load: %d orders/s (OrderMix) for %ds before, %ds during and %ds after each fault; "
                        + "POST timeout %ds%n%n", cfg.rate(), cfg.before().toSeconds(), cfg.fault().toSeconds(),
                        cfg.after().toSeconds(), cfg.requestTimeout().toSeconds()));
        BenchMain.machine().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n').append(ChaosRow.HEADER);
        StringBuilder details = new StringBuilder("\n## Scenarios\n\n");
        int breached = 0;
        try (Backlog backlog = new Backlog()) {
            for (Fault f : faults) {
                if (!backlog.awaitQuiet(Duration.ofSeconds(120))) {
                    log("WARNING: the stack is not quiet before " + f.name() + " (outbox or consumer lag left)");
                }
                log("=== " + f.name() + ": " + f.description());
                ChaosRow row = scenario(f, backlog);
                boolean refusedAllowed = f.name().equals("kill-order-service");
                String line = row.markdown(refusedAllowed);
                md.append(line);
                details.append("- **").append(f.name()).append("**: ").append(f.description())
                        .append(f.clusterEquivalent().isEmpty() ? "" : " (cluster: " + java.util.Arrays.stream(
                                f.clusterEquivalent().split(",\\s*")).map(m -> "`chaos/mesh/" + m + "`")
                                .collect(java.util.stream.Collectors.joining(", ")) + ")")
                        .append(row.notes().isEmpty() ? "" : ". " + row.notes()).append('\n');
                if (!row.breaches(refusedAllowed).isEmpty()) {
                    breached++;
                }
                System.out.println(ChaosRow.HEADER + line);
                Files.writeString(cfg.out().resolve("results.md"), md.toString() + details);
            }
        }
        String result = md.toString() + details;
        Files.writeString(cfg.out().resolve("results.md"), result);
        System.out.println();
        System.out.println(result);
        log("written: " + cfg.out().resolve("results.md"));
        return breached == 0 ? 0 : 1;
    }

    private ChaosRow scenario(Fault fault, Backlog backlog) throws Exception {
        long beforeMs = cfg.before().toMillis();
        long faultMs = cfg.fault().toMillis();
        long[] injectedAt = {0};
        long[] healedAt = {0};
        CompletableFuture<Void> faultDone = new CompletableFuture<>();
        long total = cfg.before().toSeconds() + cfg.fault().toSeconds() + cfg.after().toSeconds();
        OrdersSimulation.Step step = new OrdersSimulation.Step(cfg.rate(), 0, total, List.of("http://localhost:8080"), () -> {
            Thread t = new Thread(() -> {
                long start = System.currentTimeMillis();
                try {
                    fault.onLoadStart();
                    sleepUntil(start + beforeMs);
                    log("injecting " + fault.name());
                    injectedAt[0] = System.currentTimeMillis();
                    fault.inject();
                    sleepUntil(start + beforeMs + faultMs);
                    log("healing " + fault.name());
                    fault.heal();
                    healedAt[0] = System.currentTimeMillis();
                    log("healed " + fault.name() + " after " + (healedAt[0] - injectedAt[0]) / 1000 + " s");
                    faultDone.complete(null);
                } catch (Throwable e) {
                    if (healedAt[0] == 0 && injectedAt[0] != 0) {
                        // never leave the stack broken for the next scenario
                        try {
                            fault.heal();
                        } catch (Exception again) {
                            e.addSuppressed(again);
                        }
                    }
                    faultDone.completeExceptionally(e);
                }
            }, "chaos-" + fault.name());
            t.setDaemon(true);
            t.start();
        });
        OrdersSimulation.current = step;
        io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
            "-s", OrdersSimulation.class.getName(), "-rf", cfg.out().resolve("gatling").toString(), "-nr",
            "-rd", fault.name() + " at " + cfg.rate() + "/s"});
        List<String> problems = new ArrayList<>(0);
        try {
            faultDone.get(cfg.fault().toSeconds() + Faults.READY_TIMEOUT.toSeconds() + 120, TimeUnit.SECONDS);
        } catch (Exception e) {
            problems.add("fault did not run or heal: " + e.getMessage());
            log("ERROR: " + problems.get(0));
            if (healedAt[0] == 0) {
                healedAt[0] = System.currentTimeMillis();
            }
        }

        List<OrdersSimulation.Placed> placed = new ArrayList<>(step.placed);
        Map<String, Long> failed = new TreeMap<>();
        List<Long> duringFault = new ArrayList<>();
        long accepted = 0;
        long deferred = 0;
        List<OrdersSimulation.Placed> acceptedOrders = new ArrayList<>();
        for (OrdersSimulation.Placed p : placed) {
            if (p.sentAtMillis() >= injectedAt[0] && p.sentAtMillis() < healedAt[0]) {
                duringFault.add(p.responseMillis());
            }
            if (p.status() == 202 && p.orderId() != null) {
                accepted++;
                acceptedOrders.add(p);
                if ("deferred".equalsIgnoreCase(p.orderWrite())) {
                    deferred++;
                }
                continue;
            }
            String key;
            if (p.status() == 0) {
                key = p.responseMillis() >= cfg.requestTimeout().toMillis() - 500 ? "timeout" : "refused";
            } else if ((p.status() == 503 || p.status() == 429) && p.retryAfter() == null) {
                key = p.status() + " without Retry-After";
            } else {
                key = Integer.toString(p.status());
            }
            failed.merge(key, 1L, Long::sum);
        }
        log(String.format("%s: %d POSTs, %d accepted (%d deferred), failed %s; reading the orders until their sagas are over",
                fault.name(), placed.size(), accepted, deferred, failed));
        Map<String, SagaPoller.Outcome> outcomes = new SagaPoller(http, "http://localhost:8080")
                .await(acceptedOrders.stream().map(OrdersSimulation.Placed::orderId).toList(), cfg.settle());
        long terminal = 0;
        long inTime = 0;
        long slowest = -1;
        for (OrdersSimulation.Placed p : acceptedOrders) {
            SagaPoller.Outcome o = outcomes.get(p.orderId());
            if (o != null && o.terminal()) {
                terminal++;
                long from = Math.max(healedAt[0], p.sentAtMillis());
                if (o.endedAtMillis() > 0 && o.endedAtMillis() <= from + cfg.terminalWithin().toMillis()) {
                    inTime++;
                }
                slowest = Math.max(slowest, o.endedAtMillis() - from);
            }
        }
        if (!backlog.awaitQuiet(Duration.ofSeconds(120))) {
            problems.add("not quiet 120 s after the orders ended (outbox backlog or consumer lag)");
        }
        Audit audit = audit(fault.name());
        problems.addAll(fault.offenders());
        problems.addAll(audit.offenders());
        StepResult.Percentiles p95 = StepResult.Percentiles.of(duringFault);
        return new ChaosRow(fault.name(), placed.size(), failed, deferred, p95.p95(), accepted, inTime, terminal, slowest, audit.result(),
                problems, fault.notes());
    }

    record Audit(String result, List<String> offenders) {
    }

    /** Runs chaos/audit's jar against the stack; its report goes to audit-SCENARIO.txt. */
    private Audit audit(String scenario) throws Exception {
        Process p = new ProcessBuilder("java", "-jar", "chaos/audit/target/audit.jar").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        Files.writeString(cfg.out().resolve("audit-" + scenario + ".txt"), out);
        // the failed invariants' lines and their first offenders
        List<String> offenders = new ArrayList<>();
        boolean inFailed = false;
        for (String l : out.lines().toList()) {
            if (l.contains("[FAIL")) {
                inFailed = true;
                offenders.add(l.strip());
            } else if (inFailed && l.strip().startsWith("- ") && offenders.size() < 8) {
                offenders.add(l.strip());
            } else if (!l.strip().startsWith("- ")) {
                inFailed = false;
            }
        }
        String result = switch (rc) {
            case 0 -> "PASS";
            case 1 -> "FAIL";
            case 3 -> "not quiet";
            default -> "could not run";
        };
        log("audit: " + result + (offenders.isEmpty() ? "" : " " + offenders));
        return new Audit(result, offenders);
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    static void log(String s) {
        System.out.println("[chaos] " + s);
    }
}
