package dev.checkoutsaga.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/**
 * The JSON log lines a service wrote (SagaStack turns on {@code quarkus.log.console.json.enabled}, as
 * the Helm chart does), from {@code target/app-logs/<service>.log}.
 */
final class ServiceLogs {
    private ServiceLogs() {
    }

    /** One log line: its message and its MDC (orderId, traceId, spanId, ...). */
    record Line(String service, String message, Map<String, String> mdc) {
        @Override
        public String toString() {
            return service + " " + mdc + " " + message;
        }
    }

    /** Every JSON line of {@code service} whose message mentions {@code text}. */
    static List<Line> mentioning(String service, String text) {
        try (var lines = Files.lines(Path.of("target", "app-logs", service + ".log"))) {
            return lines.filter(l -> l.startsWith("{") && l.contains(text)).map(l -> {
                JsonPath json = JsonPath.from(l);
                Map<String, String> mdc = json.getMap("mdc");
                return new Line(service, json.getString("message"), mdc == null ? Map.of() : mdc);
            }).filter(line -> line.message() != null && line.message().contains(text)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of every log of {@code service} (all its instances and restarts) that match {@code secret}. */
    static List<String> matching(String service, java.util.regex.Pattern secret) {
        try (var lines = Files.lines(Path.of("target", "app-logs", service + ".log"))) {
            return lines.filter(l -> secret.matcher(l).find()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
