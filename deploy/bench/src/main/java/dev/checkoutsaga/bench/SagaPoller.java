package dev.checkoutsaga.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * After a step, reads every order it placed (GET /orders/{id}) until the saga is over, and takes the
 * end of the saga from the order's own timeline: the time of its {@code OrderCompleted} or
 * {@code OrderCancelled} entry, written by order-service when it applied the last event. So the
 * saga latency is not stretched by a polling interval, and no polling runs during the measurement.
 */
final class SagaPoller {

    /** An order's outcome: terminal status (COMPLETED or CANCELLED) with the time the saga ended, or its last status. */
    record Outcome(String status, String reason, long endedAtMillis) {
        boolean terminal() {
            return "COMPLETED".equals(status) || "CANCELLED".equals(status);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String orderUrl;

    SagaPoller(HttpClient http, String orderUrl) {
        this.http = http;
        this.orderUrl = orderUrl;
    }

    /** Polls until every order is terminal or {@code timeout} has passed; returns the last outcome of each. */
    Map<String, Outcome> await(Collection<String> orderIds, Duration timeout) throws InterruptedException {
        Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        List<String> open = new ArrayList<>(orderIds);
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 200;
        while (!open.isEmpty()) {
            Semaphore inFlight = new Semaphore(16);
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (String id : open) {
                inFlight.acquire();
                HttpRequest req = HttpRequest.newBuilder(URI.create(orderUrl + "/orders/" + id))
                        .header("Authorization", "Bearer " + Callers.BACK_OFFICE.get()) // reads any order
                        .timeout(Duration.ofSeconds(10)).GET().build();
                calls.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                        .thenAccept(res -> {
                            if (res.statusCode() == 200) {
                                outcomes.put(id, parse(res.body()));
                            }
                        })
                        .exceptionally(e -> null)
                        .whenComplete((v, e) -> inFlight.release()));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            open.removeIf(id -> outcomes.containsKey(id) && outcomes.get(id).terminal());
            if (open.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(pause);
            pause = Math.min(2000, pause * 2);
        }
        return outcomes;
    }

    static Outcome parse(String body) {
        try {
            JsonNode o = JSON.readTree(body);
            String status = o.path("status").asText();
            String reason = o.path("reason").isNull() ? null : o.path("reason").asText(null);
            long ended = -1;
            String terminalEvent = "COMPLETED".equals(status) ? "OrderCompleted" : "CANCELLED".equals(status) ? "OrderCancelled" : null;
            if (terminalEvent != null) {
                for (JsonNode t : o.path("timeline")) {
                    if (terminalEvent.equals(t.path("event").asText())) {
                        ended = millis(t.path("at"));
                    }
                }
                if (ended < 0 && o.hasNonNull("updatedAt")) {
                    ended = millis(o.path("updatedAt"));
                }
            }
            return new Outcome(status, reason, ended);
        } catch (Exception e) {
            return new Outcome("UNREADABLE", e.toString(), -1);
        }
    }

    /** An ISO-8601 instant, or seconds since the epoch as a decimal number. */
    private static long millis(JsonNode at) {
        if (at.isNumber()) {
            return at.decimalValue().movePointRight(3).longValue();
        }
        return Instant.parse(at.asText()).toEpochMilli();
    }
}
