package dev.checkoutsaga.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The levers of the local stack the chaos lab pulls: {@code deploy/local/stack kill|start NAME} for a
 * service, the infrastructure's control port for PostgreSQL, Redis and Kafka (test kit's InfraMain),
 * and the sandbox's fault endpoints for the payment provider.
 */
final class StackControl {

    static final String SANDBOX = "http://localhost:8090";
    static final String INFRA_CONTROL = "http://127.0.0.1:19099";

    private final HttpClient http;

    StackControl(HttpClient http) {
        this.http = http;
    }

    /** Runs {@code deploy/local/stack ARGS} (the lab runs from the repository root); fails on a non-zero exit. */
    void stack(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("deploy/local/stack"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited with " + rc + ": " + out);
        }
        ChaosMain.log("  " + out);
    }

    /** postgres, redis or kafka: stop or start through InfraMain's control port. */
    void server(String name, String action) throws IOException, InterruptedException {
        send("POST", INFRA_CONTROL + "/servers/" + name + "/" + action, null);
        ChaosMain.log("  " + name + ": " + action);
    }

    /** Tells the sandbox to misbehave on one of its operations (charges, refunds, shipments, shipment-cancel). */
    void sandboxFault(String operation, String json) throws IOException, InterruptedException {
        send("PUT", SANDBOX + "/v1/admin/faults/" + operation, json);
        ChaosMain.log("  sandbox " + operation + ": " + json);
    }

    void healSandbox() throws IOException, InterruptedException {
        send("DELETE", SANDBOX + "/v1/admin/faults", null);
        ChaosMain.log("  sandbox: faults cleared");
    }

    /** Waits until the service at {@code baseUrl} answers 200 on its /q/health/ready (management port); false after {@code timeout}. */
    boolean awaitReady(String baseUrl, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(BenchConfig.managementBase(baseUrl) + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return false;
    }

    private void send(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
