package dev.checkoutsaga.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where finished spans go (prefix {@code saga.tracing}). Clusters keep the default, OTLP to the
 * collector named by {@code quarkus.otel.exporter.otlp.traces.endpoint} (Jaeger in the Helm chart).
 * The local stack runs Zipkin, whose server takes only Zipkin's own format, so it sets
 * {@code saga.tracing.exporter=zipkin}.
 */
@ConfigMapping(prefix = "saga.tracing")
public interface TracingConfig {
    /** The raw key {@link ZipkinExport} is looked up by. */
    String EXPORTER_KEY = "saga.tracing.exporter";

    /**
     * {@code otlp} (Quarkus' OTLP exporter) or {@code zipkin} (Zipkin v2 JSON over HTTP to
     * {@code saga.tracing.zipkin.endpoint}, and no OTLP). Lower case: the value is compared as written.
     */
    @WithDefault("otlp")
    String exporter();

    Zipkin zipkin();

    interface Zipkin {
        /** Zipkin's span intake. */
        @WithDefault("http://localhost:9411/api/v2/spans")
        String endpoint();

        /** Connect and read timeout of one export; spans of a batch that times out are dropped, never retried. */
        @WithDefault("5s")
        Duration timeout();
    }
}
