package dev.checkoutsaga.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Zipkin server (the trace viewer of the local stack) as its own JVM, from the exec jar this module's
 * build copies to {@code platform/testkit/target/zipkin/zipkin-server.jar}. Spans are kept in memory.
 * Services send to it with {@code saga.tracing.exporter=zipkin} and {@code saga.tracing.zipkin.endpoint}
 * set to {@link #spansEndpoint()}; its HTTP API ({@code /api/v2/...}) answers what a test asks about them.
 */
public final class ZipkinServer implements AutoCloseable {
    /** Where the build puts the server (see this module's pom.xml). */
    public static Path jar() {
        return QuarkusAppProcess.projectRoot().resolve("platform/testkit/target/zipkin/zipkin-server.jar");
    }

    private final QuarkusAppProcess process;

    private ZipkinServer(QuarkusAppProcess process) {
        this.process = process;
    }

    /** Starts the server on {@code port} and waits until its health check answers. */
    public static ZipkinServer start(int port) {
        Map<String, String> env = Map.of(
                "QUERY_PORT", Integer.toString(port),
                "STORAGE_TYPE", "mem",
                "MEM_MAX_SPANS", "50000");
        return new ZipkinServer(QuarkusAppProcess.startJar("zipkin", jar(), port,
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), env, "/health"));
    }

    public String baseUrl() {
        return process.baseUrl();
    }

    /** Zipkin v2 span intake, the value of {@code saga.tracing.zipkin.endpoint}. */
    public String spansEndpoint() {
        return baseUrl() + "/api/v2/spans";
    }

    @Override
    public void close() {
        process.close();
    }
}
