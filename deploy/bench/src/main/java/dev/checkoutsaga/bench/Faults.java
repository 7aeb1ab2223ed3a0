package dev.checkoutsaga.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.checkoutsaga.testkit.LocalServices;

/** The lab's scenarios, in the order `chaos all` runs them. */
final class Faults {

    /** How long a restarted service or a restarted database may take to be ready again. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private Faults() {
    }

    static Map<String, Fault> all(StackControl stack, ChaosConfig cfg, java.net.http.HttpClient http) {
        Map<String, Fault> out = new LinkedHashMap<>();
        for (LocalServices.Service s : BenchConfig.SERVICES) { // kill-<service> for each of deploy/services.txt
            Fault f = killAndRestart(stack, s.name(), BenchConfig.localUrl(s));
            out.put(f.name(), f);
        }
        for (Fault f : List.of(
                serverDown(stack, "postgres", "PostgreSQL (every service's database) stopped for the fault time, then started "
                        + "with the same data", "postgresql-down.yaml"),
                serverDown(stack, "redis", "Redis stopped for the fault time, then started empty (the local Redis keeps "
                        + "nothing on disk: caches, replay copies and rate-limit buckets are gone)", "redis-down.yaml"),
                serverDown(stack, "kafka", "Kafka (the only broker) stopped for the fault time, then started with the "
                        + "same logs", "kafka-broker-kill.yaml"),
                new Simple("postgres-kafka-down", "PostgreSQL and Kafka stopped together (no deferred path either), then "
                        + "started with the same data", "postgresql-down.yaml, kafka-broker-kill.yaml",
                        () -> {
                            stack.server("postgres", "stop");
                            stack.server("kafka", "stop");
                        },
                        () -> {
                            stack.server("kafka", "start");
                            stack.server("postgres", "start");
                            awaitOrderService(stack);
                        }),
                sandbox(stack, "provider-5xx", "payment provider answers 503 to every charge and refund",
                        "http-provider-503.yaml",
                        Map.of("charges", "{\"errorRate\":1.0,\"errorStatus\":503}", "refunds", "{\"errorRate\":1.0,\"errorStatus\":503}")),
                sandbox(stack, "provider-hang", "payment provider never answers a charge (connection held open)",
                        "network-partition-payment-provider.yaml, network-delay-payment-provider.yaml",
                        Map.of("charges", "{\"mode\":\"hang\",\"modeRate\":1.0}")),
                sandbox(stack, "charge-then-drop", "payment provider charges, then drops the connection without answering",
                        "network-loss-payment-provider.yaml, http-provider-503.yaml",
                        Map.of("charges", "{\"mode\":\"charge-then-drop\",\"modeRate\":1.0}")),
                new Redelivery(cfg.fault()),
                new RetryStorm(http, cfg))) {
            out.put(f.name(), f);
        }
        return out;
    }

    private static Fault killAndRestart(StackControl stack, String service, String baseUrl) {
        return new Simple("kill-" + service, "kill -9 of " + service + ", started again after the fault time",
                "pod-kill-" + service + ".yaml",
                () -> stack.stack("kill", service),
                () -> {
                    stack.stack("start", service);
                    if (!stack.awaitReady(baseUrl, READY_TIMEOUT)) {
                        throw new IllegalStateException(service + " not ready " + READY_TIMEOUT.toSeconds() + " s after its start");
                    }
                });
    }

    private static Fault serverDown(StackControl stack, String server, String description, String mesh) {
        return new Simple(server + "-down", description, mesh,
                () -> stack.server(server, "stop"),
                () -> {
                    stack.server(server, "start");
                    if (server.equals("postgres")) {
                        awaitOrderService(stack);
                    }
                });
    }

    /** order-service's readiness is PostgreSQL's: healed when it answers again. */
    private static void awaitOrderService(StackControl stack) throws InterruptedException {
        if (!stack.awaitReady("http://localhost:8080", READY_TIMEOUT)) {
            throw new IllegalStateException("order-service not ready again after PostgreSQL's start");
        }
    }

    private static Fault sandbox(StackControl stack, String name, String description, String mesh, Map<String, String> faults) {
        return new Simple(name, description, mesh,
                () -> {
                    for (var f : faults.entrySet()) {
                        stack.sandboxFault(f.getKey(), f.getValue());
                    }
                },
                stack::healSandbox);
    }

    interface Action {
        void run() throws Exception;
    }

    record Simple(String name, String description, String clusterEquivalent, Action injectAction, Action healAction) implements Fault {
        @Override
        public void inject() throws Exception {
            injectAction.run();
        }

        @Override
        public void heal() throws Exception {
            healAction.run();
        }
    }

    /** The scenarios named on the command line (`all` = every one), in the lab's order. */
    static List<Fault> select(Map<String, Fault> all, List<String> names) {
        if (names.contains("all")) {
            return new ArrayList<>(all.values());
        }
        List<Fault> out = new ArrayList<>();
        for (String n : names) {
            Fault f = all.get(n);
            if (f == null) {
                throw new IllegalArgumentException("unknown scenario " + n + "; known: " + String.join(", ", all.keySet()));
            }
            out.add(f);
        }
        return out;
    }
}
