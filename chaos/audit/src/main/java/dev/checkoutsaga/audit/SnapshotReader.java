package dev.checkoutsaga.audit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.realm.ClientToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a {@link Snapshot} and each service's {@link Activity} through the services' read-only REST
 * APIs and the sandbox ledger, every list page by page. It never touches a database, so it runs the
 * same on a laptop and as a Kubernetes Job. Every field it relies on must be in the answer
 * ({@link Json}). The activity is that of every saga service of the event contract
 * ({@link SagaMap#SERVICES}), each at its URL in {@link Endpoints#services()}: a new participant's
 * backlog is waited for without a change here.
 */
public final class SnapshotReader implements Auditor.Source {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 500;
    /** GET /orders answers at most 100 per page. */
    private static final int ORDER_PAGE = 100;
    /** The sandbox ledger is read in one answer, at most this many orders (its own maximum). */
    private static final int LEDGER_LIMIT = 100_000;
    /** Tries of one GET: a broken connection, a 503 or a 429 is asked again (honouring Retry-After, at most 5 s). */
    private static final int ATTEMPTS = 5;

    /** The audit's own confidential client of the realm: its token carries the auditor role. */
    public static final String CLIENT = "checkout-audit";

    private final Endpoints endpoints;
    /** The services whose {@code /saga/activity} is read: the saga's, in the contract's order. */
    private final List<String> sagaServices;
    private final Supplier<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private java.util.function.Consumer<HttpResponse<String>> observer = response -> {
    };

    /** Reads with the token of {@link #CLIENT} (client credentials with {@code clientSecret}). */
    public SnapshotReader(Endpoints endpoints, String clientSecret) {
        this(endpoints, new ClientToken(endpoints.issuer(), CLIENT, clientSecret));
    }

    /** Reads with tokens from {@code token} (tests). */
    SnapshotReader(Endpoints endpoints, Supplier<String> token) {
        this(endpoints, SagaMap.SERVICES, token);
    }

    /** Reads the activity of {@code sagaServices} (tests: a participant the contract does not have yet). */
    SnapshotReader(Endpoints endpoints, List<String> sagaServices, Supplier<String> token) {
        this.endpoints = endpoints;
        this.sagaServices = List.copyOf(sagaServices);
        this.token = token;
    }

    /**
     * Hands every answer the reader gets to {@code observer} too (the end-to-end tests check each
     * against the service's OpenAPI document).
     */
    public SnapshotReader observedBy(java.util.function.Consumer<HttpResponse<String>> observer) {
        this.observer = observer;
        return this;
    }

    @Override
    public Snapshot snapshot() {
        return new Snapshot(orders(), products(), payments(), shipments(), orderStock(), ledger(), directPayments());
    }

    @Override
    public List<Activity> activity() {
        List<Activity> all = new ArrayList<>();
        for (String service : sagaServices) {
            String base = endpoints.services().get(service);
            if (base == null) {
                // never skipped: the audit would judge while that service still has work or lag
                throw new AuditException("no URL for " + service + ", a saga service whose /saga/activity the audit must read: set "
                        + Endpoints.envName(service) + " (or --" + Endpoints.shortName(service) + "-url, or "
                        + Endpoints.URL_TEMPLATE + ")");
            }
            String url = base + "/saga/activity";
            Json j = new Json("GET " + url);
            JsonNode a = get(url);
            all.add(new Activity(j.text(a, "service"), counts(j, j.object(a, "work")), counts(j, j.object(a, "consumerLag")),
                    j.number(a, "deadLetters")));
        }
        return all;
    }

    private static Map<String, Long> counts(Json j, JsonNode object) {
        Map<String, Long> counts = new TreeMap<>();
        object.fieldNames().forEachRemaining(name -> counts.put(name, j.number(object, name)));
        return counts;
    }

    /** Every item of a {@code {items, nextCursor}} list, page by page. */
    private void pages(String url, BiConsumer<Json, JsonNode> item) {
        pages(url, PAGE, item);
    }

    private void pages(String url, int limit, BiConsumer<Json, JsonNode> item) {
        String cursor = null;
        do {
            String pageUrl = url + (url.contains("?") ? "&" : "?") + "limit=" + limit + (cursor == null ? "" : "&cursor=" + enc(cursor));
            Json j = new Json("GET " + pageUrl);
            JsonNode page = get(pageUrl);
            j.array(page, "items").forEach(node -> item.accept(j, node));
            cursor = j.textOrNull(page, "nextCursor");
        } while (cursor != null);
    }

    private List<Snapshot.Order> orders() {
        List<Snapshot.Order> orders = new ArrayList<>();
        pages(endpoints.order() + "/orders", ORDER_PAGE, (j, o) -> {
            UUID id = j.uuid(o, "id");
            String status = j.text(o, "status");
            JsonNode total = j.object(o, "total");
            orders.add(new Snapshot.Order(id, j.text(o, "customerId"), status, j.number(total, "amount"),
                    j.text(total, "currency"), Invariants.COMPLETED.equals(status) ? lines(id) : null,
                    j.textOrNull(o, "idempotencyKey")));
        });
        return orders;
    }

    /** The quantities per SKU of one order ({@code GET /orders/{id}}). */
    private Map<String, Integer> lines(UUID orderId) {
        String url = endpoints.order() + "/orders/" + orderId;
        Json j = new Json("GET " + url);
        Map<String, Integer> quantities = new LinkedHashMap<>();
        for (JsonNode item : j.array(get(url), "items")) {
            quantities.merge(j.text(item, "sku"), (int) j.number(item, "quantity"), Integer::sum);
        }
        return quantities;
    }

    /** Every product, {@code PAGE} at a time by SKU ({@code after} = the last SKU of the previous page). */
    private List<Snapshot.Product> products() {
        List<Snapshot.Product> products = new ArrayList<>();
        String after = null;
        while (true) {
            String url = endpoints.inventory() + "/products?limit=" + PAGE + (after == null ? "" : "&after=" + enc(after));
            Json j = new Json("GET " + url);
            JsonNode page = j.array(get(url));
            for (JsonNode p : page) {
                after = j.text(p, "sku");
                products.add(new Snapshot.Product(after, j.number(p, "received"), j.number(p, "available"),
                        j.number(p, "reserved"), j.number(p, "sold")));
            }
            if (page.size() < PAGE) {
                return products;
            }
        }
    }

    private Map<UUID, Snapshot.OrderStock> orderStock() {
        Map<UUID, Snapshot.OrderStock> stock = new HashMap<>();
        pages(endpoints.inventory() + "/order-stock", (j, o) -> {
            Map<String, Integer> lines = new LinkedHashMap<>();
            for (JsonNode l : j.array(o, "lines")) {
                lines.merge(j.text(l, "sku"), (int) j.number(l, "quantity"), Integer::sum);
            }
            stock.put(j.uuid(o, "orderId"), new Snapshot.OrderStock(j.text(o, "status"), lines));
        });
        return stock;
    }

    /** payment-service's saga payments, summed per order ({@code GET /payments/saga}). */
    private Map<UUID, Snapshot.Payments> payments() {
        Map<UUID, Snapshot.Payments> payments = new HashMap<>();
        pages(endpoints.payment() + "/payments/saga", (j, p) -> {
            Snapshot.Payments one = new Snapshot.Payments(j.number(j.object(p, "captured"), "amount"),
                    j.number(j.object(p, "refunded"), "amount"), 1);
            payments.merge(j.uuid(p, "orderId"), one, (a, b) -> new Snapshot.Payments(a.captured() + b.captured(),
                    a.refunded() + b.refunded(), a.records() + b.records()));
        });
        return payments;
    }

    /** shipping-service's records, counted per order ({@code GET /shipments/all}). */
    private Map<UUID, Snapshot.Shipments> shipments() {
        Map<UUID, Snapshot.Shipments> shipments = new HashMap<>();
        pages(endpoints.shipping() + "/shipments/all", (j, s) -> {
            Snapshot.Shipments one = new Snapshot.Shipments(j.bool(s, "live") ? 1 : 0, 1);
            shipments.merge(j.uuid(s, "orderId"), one,
                    (a, b) -> new Snapshot.Shipments(a.live() + b.live(), a.records() + b.records()));
        });
        return shipments;
    }

    /** payment-service's direct payments (POST /payments), page by page ({@code GET /payments/direct}). */
    private List<Snapshot.DirectPayment> directPayments() {
        List<Snapshot.DirectPayment> direct = new ArrayList<>();
        pages(endpoints.payment() + "/payments/direct", (j, p) -> {
            JsonNode amount = j.object(p, "amount");
            direct.add(new Snapshot.DirectPayment(j.uuid(p, "id"), j.text(p, "status"), j.number(amount, "amount"),
                    j.text(amount, "currency"), j.number(j.object(p, "captured"), "amount")));
        });
        return direct;
    }

    private Map<UUID, Snapshot.Ledger> ledger() {
        Map<UUID, Snapshot.Ledger> ledger = new HashMap<>();
        // the provider's ledger is another party's API: the services' token is never sent there
        String url = endpoints.sandbox() + "/v1/ledger?limit=" + LEDGER_LIMIT;
        Json j = new Json("GET " + url);
        JsonNode summary = get(url, false);
        if (j.bool(summary, "truncated")) {
            throw new AuditException("the ledger has more than " + LEDGER_LIMIT + " orders; audit a smaller window (deploy/local/stack reset)");
        }
        for (JsonNode o : j.array(summary, "orders")) {
            ledger.put(j.uuid(o, "orderId"), new Snapshot.Ledger(j.number(o, "captured"), j.number(o, "refunded"),
                    (int) j.number(o, "succeededChargeCount"), (int) j.number(o, "liveShipments")));
        }
        return ledger;
    }

    private JsonNode get(String url) {
        return get(url, true);
    }

    private JsonNode get(String url, boolean service) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Accept", "application/json").GET();
        if (service) {
            builder.header("Authorization", "Bearer " + bearer());
        }
        HttpRequest request = builder.build();
        String last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Duration pause = Duration.ofSeconds(1);
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                observer.accept(response);
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
                if (response.statusCode() != 503 && response.statusCode() != 429) {
                    throw new AuditException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
                }
                // busy or briefly unavailable (a loaded service, a pool waiting): ask again, as it says
                last = response.statusCode() + ": " + response.body();
                pause = retryAfter(response, pause);
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditException("interrupted reading " + url);
            }
            if (attempt < ATTEMPTS) {
                sleep(pause);
            }
        }
        throw new AuditException("cannot read " + url + " after " + ATTEMPTS + " attempts: " + last);
    }

    /** The answer's Retry-After (seconds), at most 5 s; {@code otherwise} without one. */
    private static Duration retryAfter(HttpResponse<String> response, Duration otherwise) {
        try {
            return response.headers().firstValue("Retry-After")
                    .map(v -> Duration.ofSeconds(Math.min(5, Math.max(0, Long.parseLong(v.trim()))))).orElse(otherwise);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditException("interrupted");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The audit's token; a realm that does not answer or refuses means the audit cannot read. */
    private String bearer() {
        try {
            return token.get();
        } catch (RuntimeException e) {
            throw new AuditException("no token for " + CLIENT + " from " + endpoints.issuer() + ": " + e.getMessage());
        }
    }

    /** The audit could not read what it needs: neither pass nor fail. */
    public static final class AuditException extends RuntimeException {
        public AuditException(String message) {
            super(message);
        }
    }
}
