package dev.checkoutsaga.outbox;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
