package dev.checkoutsaga.outbox;

import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.runtime.StartupEvent;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Sends spans to a Zipkin server when {@code saga.tracing.exporter=zipkin}. Quarkus (3.31) stands its
 * OTLP exporter down as soon as a {@link SpanExporter} bean can be looked up, and batches the spans of
 * every such bean instead (the {@code quarkus.otel.bsp.*} settings apply). With the default
 * ({@code otlp}) this bean cannot be looked up and nothing changes.
 */
@Singleton
public class ZipkinExport {
    static final Set<String> EXPORTERS = Set.of("otlp", "zipkin");

    /**
     * The lookup above compares the value as written, so a misspelt one ("Zipkin") would silently keep
     * OTLP: refuse to start instead.
     */
    void checkExporter(@Observes StartupEvent started, TracingConfig config) {
        requireKnown(config.exporter());
    }

    static void requireKnown(String exporter) {
        if (!EXPORTERS.contains(exporter)) {
            throw new IllegalArgumentException(TracingConfig.EXPORTER_KEY + "=" + exporter
                    + " is not one of " + EXPORTERS + " (lower case)");
        }
    }

    @Produces
    @Singleton
    @Unremovable
    @LookupIfProperty(name = TracingConfig.EXPORTER_KEY, stringValue = "zipkin")
    SpanExporter zipkinSpanExporter(TracingConfig config) {
        int timeoutMillis = Math.toIntExact(config.zipkin().timeout().toMillis());
        return ZipkinSpanExporter.builder()
                .setSender(URLConnectionSender.newBuilder()
                        .endpoint(config.zipkin().endpoint())
                        .connectTimeout(timeoutMillis)
                        .readTimeout(timeoutMillis)
                        .build())
                .build();
    }
}
