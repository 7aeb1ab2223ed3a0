package dev.checkoutsaga.e2e;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user finds in the trace viewer (Zipkin's HTTP API, as the UI and
 * {@code deploy/local/stack trace ORDER_ID} ask it): the traces that hold a span tagged with an order's id.
 */
final class TraceViewer {
    private final String baseUrl;

    TraceViewer(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Every trace holding a span with {@code checkout.order_id} = the order's id; each trace a list of spans. */
    List<Trace> tracesOfOrder(String orderId) {
        List<List<Map<String, Object>>> traces = given().baseUri(baseUrl)
                .queryParam("annotationQuery", "checkout.order_id=" + orderId)
                .queryParam("lookback", 3_600_000)
                .queryParam("limit", 10)
                .get("/api/v2/traces")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return traces.stream().map(Trace::new).toList();
    }

    /** One trace as Zipkin stores it: spans with kind, name, localEndpoint.serviceName and tags. */
    record Trace(List<Map<String, Object>> spans) {
        String traceId() {
            return (String) spans.get(0).get("traceId");
        }

        Set<String> services() {
            return spans.stream().map(Trace::service).filter(Objects::nonNull).collect(Collectors.toSet());
        }

        /** The services that have at least one span of this kind (PRODUCER, CONSUMER, CLIENT, SERVER). */
        Set<String> servicesWith(String kind) {
            return spans.stream().filter(s -> kind.equals(s.get("kind"))).map(Trace::service)
                    .collect(Collectors.toSet());
        }

        /**
         * Whether {@code service} made an outgoing HTTP call to {@code path} inside a span of its own
         * named {@code "<service> step <kind>"} (the pending-step worker's span of one run), that is,
         * whether the call descends from it.
         */
        boolean hasClientCallInStep(String service, String path, String kind) {
            Map<Object, Map<String, Object>> byId = spans.stream()
                    .collect(Collectors.toMap(s -> s.get("id"), s -> s, (a, b) -> a));
            String stepName = (service + " step " + kind).toLowerCase(java.util.Locale.ROOT);
            return spans.stream().filter(s -> "CLIENT".equals(s.get("kind")) && service.equals(service(s)))
                    .filter(s -> String.valueOf(s.get("name")).contains(path)
                            || tags(s).values().stream().anyMatch(v -> v.contains(path)))
                    .anyMatch(call -> {
                        for (Map<String, Object> s = byId.get(call.get("parentId")); s != null; s = byId.get(s.get("parentId"))) {
                            if (stepName.equals(String.valueOf(s.get("name")).toLowerCase(java.util.Locale.ROOT))
                                    && service.equals(service(s))) {
                                return true;
                            }
                        }
                        return false;
                    });
        }

        /** One line per span (service, kind, name, tags), for assertion messages. */
        String describe() {
            return spans.stream().map(s -> service(s) + " " + s.get("kind") + " " + s.get("name") + " " + tags(s))
                    .sorted().collect(Collectors.joining("\n  ", "\n  ", ""));
        }

        @SuppressWarnings("unchecked")
        private static Map<String, String> tags(Map<String, Object> span) {
            Object tags = span.get("tags");
            return tags == null ? Map.of() : (Map<String, String>) tags;
        }

        @SuppressWarnings("unchecked")
        private static String service(Map<String, Object> span) {
            Object endpoint = span.get("localEndpoint");
            return endpoint == null ? null : (String) ((Map<String, Object>) endpoint).get("serviceName");
        }
    }
}
