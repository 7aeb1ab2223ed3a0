package dev.checkoutsaga.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of {@code deploy/local/stack chaos}. */
record ChaosConfig(List<String> scenarios, int rate, Duration before, Duration fault, Duration after, Duration settle,
        Duration terminalWithin, Duration requestTimeout, int stormRequests, Path out) {

    /**
     * Half the sustainable rate of docs/performance.md (10 orders/s on the 2-core machine): the lab
     * measures faults, not overload.
     */
    static final int DEFAULT_RATE = 5;

    static final String USAGE = """
            deploy/local/stack chaos SCENARIO...|all|list [options]   (against a running `deploy/local/stack up`)
              Per scenario: steady orders for --before, the fault for --fault, healed, orders for --after; then
              every accepted order read until its saga is over, the stack left to get quiet, the audit run.
              --rate 5              orders/s offered during the whole scenario (default: half the sustainable rate)
              --fault 30s           how long the fault lasts
              --before 10s          load before the fault
              --after 20s           load after the fault time (a restarted service takes ~10 s of it to be ready)
              --settle 180s         after the load, how long to wait for accepted orders to end before auditing
              --terminal-within 30s the row's bar: every accepted order terminal within this time after healing
                                    (or after it was placed, if later)
              --request-timeout 10s a POST without an answer by then counts as a hang
              --storm-requests 200  POSTs of the retry storm (one Idempotency-Key)
              --out DIR             output directory (default .local/chaos/<timestamp>)
            """;

    static ChaosConfig parse(String[] args, Path defaultOut) {
        List<String> scenarios = new ArrayList<>();
        int rate = DEFAULT_RATE;
        Duration before = Duration.ofSeconds(10);
        Duration fault = Duration.ofSeconds(30);
        Duration after = Duration.ofSeconds(20);
        Duration settle = Duration.ofSeconds(180);
        Duration terminalWithin = Duration.ofSeconds(30);
        Duration requestTimeout = Duration.ofSeconds(10);
        int storm = 200;
        Path out = defaultOut;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (!a.startsWith("-")) {
                scenarios.add(a);
                continue;
            }
            if (v == null && !a.equals("--help") && !a.equals("-h")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                v = args[++i];
            }
            switch (a) {
                case "--rate" -> rate = Integer.parseInt(v);
                case "--fault" -> fault = BenchConfig.duration(v);
                case "--before" -> before = BenchConfig.duration(v);
                case "--after" -> after = BenchConfig.duration(v);
                case "--settle" -> settle = BenchConfig.duration(v);
                case "--terminal-within" -> terminalWithin = BenchConfig.duration(v);
                case "--request-timeout" -> requestTimeout = BenchConfig.duration(v);
                case "--storm-requests" -> storm = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("name a scenario, `all` or `list`");
        }
        if (rate <= 0 || storm <= 0) {
            throw new IllegalArgumentException("--rate and --storm-requests must be positive");
        }
        return new ChaosConfig(List.copyOf(scenarios), rate, before, fault, after, settle, terminalWithin, requestTimeout, storm,
                out.toAbsolutePath());
    }
}
