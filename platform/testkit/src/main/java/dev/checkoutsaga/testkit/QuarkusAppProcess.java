package dev.checkoutsaga.testkit;

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

/**
 * One Quarkus app of this repository running as its own JVM from its packaged artifact
 * ({@code <module>/target/quarkus-app}), as in production: separate process, real port,
 * configuration by system properties. Its output goes to {@code target/app-logs/<name>.log}. The
 * pid is recorded with the orphan reaper, so a killed test JVM does not leave apps running.
 */
public final class QuarkusAppProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> env;
    private final String readyPath;
    private final Path log;
    private int managementPort;
    private Process process;

    private QuarkusAppProcess(String name, Path jar, int port, Map<String, String> config, Map<String, String> env,
            List<String> jvmFlags, String readyPath) {
        this(name, javaCommand(jar, jvmFlags, config), port, env, readyPath);
    }

    private QuarkusAppProcess(String name, List<String> command, int port, Map<String, String> env, String readyPath) {
        this.name = name;
        this.command = List.copyOf(command);
        this.port = port;
        this.env = env;
        this.readyPath = readyPath;
        this.log = Path.of("target", "app-logs", name + ".log");
    }

    /**
     * Starts the app of module directory {@code module} (relative to the project root, e.g.
     * {@code order-service} or {@code deploy/sandbox}) and waits until it is ready.
     */
    public static QuarkusAppProcess start(String module, int port, Map<String, String> config) {
        return start(module, port, config, Map.of());
    }

    /**
     * Like {@link #start(String, int, Map)}, with environment variables for the process too (what a
     * pod's container gets: e.g. QUARKUS_CONFIG_LOCATIONS naming a mounted application.properties).
     */
    public static QuarkusAppProcess start(String module, int port, Map<String, String> config, Map<String, String> env) {
        Path jar = projectRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        String name = Path.of(module).getFileName().toString();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run `./mvnw verify` from the project root "
                    + "(the reactor packages " + module + " before the tests that start it)");
        }
        // -XX:TieredStopAtLevel=1: faster start-up; these runs are short. A management port of its own
        // (health, metrics): several apps run on this machine at once; one without (the sandbox) ignores it
        int managementPort = FreePorts.find();
        List<String> flags = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort);
        QuarkusAppProcess p = new QuarkusAppProcess(name, jar, port, config, env, flags, "/q/health/ready");
        p.managementPort = managementPort;
        p.launch();
        return p;
    }

    /**
     * Starts another executable jar the same way (own JVM, log under {@code target/app-logs}, reaped if
     * the test JVM dies) and waits until {@code readyPath} on {@code port} answers 200. For servers
     * that are not Quarkus apps of this repository, such as {@link ZipkinServer}.
     */
    static QuarkusAppProcess startJar(String name, Path jar, int port, List<String> jvmFlags, Map<String, String> env,
            String readyPath) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run `./mvnw package` from the project root");
        }
        QuarkusAppProcess p = new QuarkusAppProcess(name, jar, port, Map.of(), env, jvmFlags, readyPath);
        p.launch();
        return p;
    }

    /**
     * Starts a server from its own launcher (a command, e.g. Keycloak's {@code bin/kc.sh}) the same way,
     * and waits until {@code readyPath} on {@code port} answers 200.
     */
    static QuarkusAppProcess startCommand(String name, List<String> command, int port, Map<String, String> env,
            String readyPath) {
        QuarkusAppProcess p = new QuarkusAppProcess(name, command, port, env, readyPath);
        p.launch();
        return p;
    }

    /** The project root: {@code -Dcheckout.root} (set by the parent POM's test plugins), else the parent directory. */
    public static Path projectRoot() {
        return Path.of(System.getProperty("checkout.root", "..")).toAbsolutePath().normalize();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Where its health and metrics answer: the management port of a service (platform/web), the
     * API's own port for an app without one (the sandbox, Zipkin, Keycloak's API).
     */
    public String managementUrl() {
        return managementPort > 0 && managementAnswers() ? "http://127.0.0.1:" + managementPort : baseUrl();
    }

    private boolean managementAnswers() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", managementPort), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The same java as this JVM's, running the jar with the flags and the configuration as -D flags. */
    private static List<String> javaCommand(Path jar, List<String> jvmFlags, Map<String, String> config) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmFlags);
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        return cmd;
    }

    private void launch() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
        Path stateDir = TestInfra.get().stateDir();
        if (stateDir != null) {
            OrphanReaper.recordProcess(stateDir, "service-" + name, process.pid());
        }
        awaitReady(Duration.ofSeconds(120));
    }

    /** Waits until the ready path (a service's /q/health/ready: database migrated, Kafka and Redis reachable) answers 200. */
    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + tail());
            }
            try {
                HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + readyPath))
                        .timeout(Duration.ofSeconds(2)).build();
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
    public void kill() {
        // a launcher script (Keycloak's kc.sh) runs the JVM as its child: kill that too
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitForExit();
    }

    public void restart() {
        if (process.isAlive()) {
            close();
        }
        launch();
    }

    public String tail() {
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
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
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
