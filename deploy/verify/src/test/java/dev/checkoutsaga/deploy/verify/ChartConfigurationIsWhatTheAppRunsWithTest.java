package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.testkit.FreePorts;


/**
 * The chart hands its settings to a pod as a mounted application.properties named in
 * QUARKUS_CONFIG_LOCATIONS, plus environment variables. If that file ranked below the packaged
 * application.properties, every setting of the chart would be silently ignored in a cluster.
 * This starts the packaged sandbox exactly as its pod would (the Deployment's environment, the
 * ConfigMap's file) and checks that the file's values are the ones in force. Only the port and the
 * state file's path are moved to where a test may use them.
 */
class ChartConfigurationIsWhatTheAppRunsWithTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theSandboxRunsWithTheMountedPropertiesAndTheDeploymentsEnvironment(@TempDir Path dir) throws Exception {
        Path jar = Repo.path("deploy/sandbox/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), jar + " is missing: run ./mvnw verify from the root (the reactor packages it first)");
        PodAsRendered pod = PodAsRendered.of(Chart.rendered("values.yaml"), "sandbox");
        int port = FreePorts.find();
        Path stateFile = dir.resolve("state.json");
        Path mounted = dir.resolve("application.properties");
        assertEquals(Set.of("quarkus.http.port", "sandbox.state-file"), pod.writeProperties(mounted,
                Map.of("quarkus.http.port", String.valueOf(port), "sandbox.state-file", stateFile.toString())));
        Map<String, String> env = pod.environment(mounted, Map.of()); // the sandbox reads no Secret

        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(pod.javaOpts());
        cmd.addAll(List.of("-Xmx128m", "-jar", jar.toString()));
        Path log = dir.resolve("sandbox.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process sandbox = pb.start();
        try {
            // the packaged default port is 8090: answering on the file's port means the file outranks it
            awaitReady(sandbox, "http://127.0.0.1:" + port, log);
            HttpResponse<String> metrics = get("http://127.0.0.1:" + port + "/q/metrics");
            assertEquals(200, metrics.statusCode(), "the path the ServiceMonitors and the scrape config use");
            String key = UUID.randomUUID().toString();
            HttpResponse<String> charge = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/charges"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1999,\"currency\":\"EUR\",\"source\":\"tok_visa\",\"orderId\":\""
                            + UUID.randomUUID() + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, charge.statusCode(), charge.body());
        } finally {
            sandbox.destroy(); // SIGTERM, as the kubelet sends
            if (!sandbox.waitFor(30, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly();
            }
        }
        String output = Files.readString(log);
        // the Deployment's QUARKUS_LOG_CONSOLE_JSON_ENABLED=true: every line is a JSON object
        String firstLine = output.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        new ObjectMapper().readTree(firstLine);
        assertTrue(firstLine.startsWith("{"), "JSON log lines in the cluster, got: " + firstLine);
        // the file's sandbox.state-file: the books were saved there on SIGTERM
        assertTrue(Files.exists(stateFile), "state file from the mounted properties written; log:\n" + output);
    }

    private static void awaitReady(Process p, String base, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                fail("the sandbox exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (get(base + "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening (on this port) yet
            }
            Thread.sleep(250);
        }
        fail("the sandbox did not answer on the port of the mounted file within 60 s:\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
