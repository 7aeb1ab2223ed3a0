package dev.checkoutsaga.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.checkoutsaga.testkit.LocalServices;

/** Command-line options of {@code deploy/local/stack bench} and the addresses of the local stack. */
record BenchConfig(List<Integer> rates, Duration duration, Duration warmup, Duration drain, StopOn stopOn, Duration waitQuiet, Duration prime, boolean profile,
        boolean dbBound, boolean load, List<Integer> replayConcurrency, Duration replayDuration, int replicas,
        Path out, String orderUrl, String inventoryUrl) {

    /** When the ladder stops: after the first rate that is not sustainable, whose throughput broke, or never. */
    enum StopOn {
        SUSTAINABLE, THROUGHPUT, NEVER
    }

    static final int PG_PORT = 15432;
    static final int REDIS_PORT = 16379;
    static final String KAFKA = "localhost:19092";
    static final String PG_USER = "postgres";
    static final String PG_PASSWORD = "postgres";
    /** application_name of every connection the bench opens (excluded from the statement capture). */
    static final String APP_NAME = "checkout-bench";

    /**
     * The stack's services, their API ports and databases: deploy/services.txt, the list
     * deploy/local/stack starts them from, read relative to the working directory (the repository's
     * root: the stack runs the tools there).
     */
    static final List<LocalServices.Service> SERVICES = LocalServices.in(Path.of(""));

    /** The local base URL of a service's first instance, e.g. http://localhost:8080. */
    static String localUrl(LocalServices.Service service) {
        return "http://localhost:" + service.port();
    }

    /**
     * Where a service's health and metrics answer: its management port, the local stack's API port
     * + 1000 (deploy/local/stack management_port), for {@code apiBase} such as http://localhost:8080.
     */
    static String managementBase(String apiBase) {
        java.net.URI api = java.net.URI.create(apiBase);
        return api.getScheme() + "://" + api.getHost() + ":" + (api.getPort() + 1000);
    }

    static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + PG_PORT + "/" + database + "?ApplicationName=" + APP_NAME;
    }

    static final String USAGE = """
            deploy/local/stack bench [options]   (against a running `deploy/local/stack up`)
              --rates 5,10,20,40,80,160   arrival rates (orders/s) of the ladder; stops after the first that is not sustainable
              --duration 30s              measured time per rate
              --warmup 10s                time at the same rate before each measurement (not counted)
              --prime 300s                before the ladder, orders at the first rate for this long, not measured (JIT
                                          warm-up of freshly started services; 0s to skip)
              --drain 120s                after each rate, how long to wait for its sagas to finish
              --stop-on sustainable       stop after the first rate that is not sustainable (default); `throughput`:
                                          only after one whose completed/s < 99 % of offered/s; `never`: run every rate
              --wait-quiet 0s             before the run and each rate, wait up to this long until other processes
                                          (builds, tests) use less than 25 % of a core (always reported)
              --profile                   after the ladder, run its top rate once more with a JFR recording of every
                                          service (jcmd JFR.start settings=profile) and summarise them
              --no-db-bound               skip the statement capture and the database replay
              --db-bound-only             only the statement capture and the database replay, no load
              --replay-concurrency 1,2,4,8,16   concurrent saga replays tried (the best is the bound)
              --replay-duration 10s       measured time per replay concurrency
              --replicas N                expect N instances of every service (`deploy/local/stack up --replicas N`);
                                          default: whatever runs. POSTs go round-robin to the order-service instances
              --out DIR                   output directory (default .local/bench/<timestamp>)
            """;

    static BenchConfig parse(String[] args, Path defaultOut) {
        List<Integer> rates = List.of(5, 10, 20, 40, 80, 160);
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(10);
        Duration drain = Duration.ofSeconds(120);
        StopOn stopOn = StopOn.SUSTAINABLE;
        Duration waitQuiet = Duration.ZERO;
        Duration prime = Duration.ofSeconds(300);
        boolean profile = false;
        boolean dbBound = true;
        boolean load = true;
        List<Integer> replay = List.of(1, 2, 4, 8, 16);
        Duration replayDuration = Duration.ofSeconds(10);
        int replicas = 0;
        Path out = defaultOut;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            int eq = a.indexOf('=');
            if (eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "--rates" -> rates = ints(v != null ? v : args[++i]);
                case "--duration" -> duration = duration(v != null ? v : args[++i]);
                case "--warmup" -> warmup = duration(v != null ? v : args[++i]);
                case "--drain" -> drain = duration(v != null ? v : args[++i]);
                case "--stop-on" -> stopOn = StopOn.valueOf((v != null ? v : args[++i]).toUpperCase(java.util.Locale.ROOT));
                case "--prime" -> prime = duration(v != null ? v : args[++i]);
                case "--wait-quiet" -> waitQuiet = duration(v != null ? v : args[++i]);
                case "--profile" -> profile = true;
                case "--no-db-bound" -> dbBound = false;
                case "--db-bound-only" -> load = false;
                case "--replay-concurrency" -> replay = ints(v != null ? v : args[++i]);
                case "--replay-duration" -> replayDuration = duration(v != null ? v : args[++i]);
                case "--replicas" -> replicas = Integer.parseInt(v != null ? v : args[++i]);
                case "--out" -> out = Path.of(v != null ? v : args[++i]);
                case "-h", "--help" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("--replicas must be 1 or more");
        }
        if (!load && !dbBound) {
            throw new IllegalArgumentException("--db-bound-only and --no-db-bound leave nothing to do");
        }
        return new BenchConfig(rates, duration, warmup, drain, stopOn, waitQuiet, prime, profile, dbBound, load, replay, replayDuration, replicas,
                out.toAbsolutePath(), "http://localhost:8080", "http://localhost:8081");
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(s -> out.add(Integer.parseInt(s)));
        if (out.isEmpty() || out.stream().anyMatch(x -> x <= 0)) {
            throw new IllegalArgumentException("expected positive integers: " + csv);
        }
        return List.copyOf(out);
    }

    /** 30s, 2m, 500ms, or plain seconds. */
    static Duration duration(String s) {
        s = s.trim();
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        if (s.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(s));
    }
}
