package dev.checkoutsaga.outbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

class ZipkinExportTest {

    @Test
    void theTwoExportersAreAccepted() {
        assertDoesNotThrow(() -> ZipkinExport.requireKnown("otlp"));
        assertDoesNotThrow(() -> ZipkinExport.requireKnown("zipkin"));
    }

    @Test
    void aMisspeltExporterStopsTheStartInsteadOfSilentlyKeepingOtlp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZipkinExport.requireKnown("Zipkin"));
        assertTrue(e.getMessage().contains("saga.tracing.exporter=Zipkin"), e.getMessage());
    }

    /**
     * A trace viewer that accepts the connection and never answers: the export gives up after
     * {@code saga.tracing.zipkin.timeout} and reports a failure (the spans are dropped) instead of
     * holding the exporter's thread for as long as the socket lives.
     */
    @Test
    void anExportToAViewerThatNeverAnswersEndsInAFailureAfterItsTimeout() throws Exception {
        // completes TCP handshakes (the kernel's backlog) but never accepts, reads or answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SpanExporter exporter = new ZipkinExport().zipkinSpanExporter(config(
                    "http://127.0.0.1:" + silent.getLocalPort() + "/api/v2/spans", Duration.ofMillis(500)));
            List<SpanData> ended = new CopyOnWriteArrayList<>();
            SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
                @Override
                public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {
                }

                @Override
                public boolean isStartRequired() {
                    return false;
                }

                @Override
                public void onEnd(ReadableSpan span) {
                    ended.add(span.toSpanData());
                }

                @Override
                public boolean isEndRequired() {
                    return true;
                }
            }).build();
            tracing.get("test").spanBuilder("an order").startSpan().end();
            tracing.close();

            // the sender may block the calling thread: a hang must fail the test, not stall the build
            CompletableResultCode export = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> exporter.export(ended).join(30, TimeUnit.SECONDS));
            assertTrue(export.isDone(), "the export still waits for the silent viewer");
            assertFalse(export.isSuccess(), "the export reports its failure");
            exporter.shutdown().join(30, TimeUnit.SECONDS);
        }
    }

    private static TracingConfig config(String endpoint, Duration timeout) {
        return new TracingConfig() {
            @Override
            public String exporter() {
                return "zipkin";
            }

            @Override
            public Zipkin zipkin() {
                return new Zipkin() {
                    @Override
                    public String endpoint() {
                        return endpoint;
                    }

                    @Override
                    public Duration timeout() {
                        return timeout;
                    }
                };
            }
        };
    }
}
