package dev.checkoutsaga.e2e;

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

import dev.checkoutsaga.testkit.OrphanReaper;
import dev.checkoutsaga.testkit.TestInfra;

/**
 * One service running as its own JVM from its packaged artifact ({@code target/quarkus-app}),
 * as it would in production: separate process, real ports, configuration by system properties.
 * Its output goes to {@code target/e2e-logs/<name>.log}. The pid is recorded with the test kit's
 * orphan reaper, so a killed test JVM does not leave services running.
 */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> config;
    private final Path log;
    private Process process;

    private ServiceProcess(String name, Path jar, int port, Map<String, String> config, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.config = config;
        this.log = log;
    }

    static ServiceProcess start(String name, int port, Map<String, String> config) {
        Path root = Path.of(System.getProperty("checkout.e2e.root", ".."));
        Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run `./mvnw verify` from the project root "
                    + "(the services are packaged before the end-to-end tests run)");
        }
        Path log = Path.of("target", "e2e-logs", name + ".log");
        ServiceProcess p = new ServiceProcess(name, jar, port, config, log);
        p.launch();
        return p;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    private void launch() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1"); // faster start-up; these runs are short
        cmd.add("-Dquarkus.http.port=" + port);
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
        Path stateDir = TestInfra.get().stateDir();
        if (stateDir != null) {
            OrphanReaper.recordProcess(stateDir, "service-" + name, process.pid());
        }
        awaitReady(Duration.ofSeconds(120));
    }

    /** Waits until /q/health/ready answers 200: database migrated, Kafka and Redis reachable. */
    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; log:\n" + tail());
    }

    /** kill -9: no shutdown hooks, no graceful close; what a crash or an OOM kill looks like. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    void restart() {
        if (process.isAlive()) {
            close();
        }
        launch();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: graceful Quarkus shutdown
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not exit", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
