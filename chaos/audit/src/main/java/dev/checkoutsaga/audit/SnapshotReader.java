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
import java.util.UUID;
import java.util.function.Supplier;

import dev.checkoutsaga.realm.ClientToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a {@link Snapshot} through the services' read-only REST APIs and the sandbox ledger. It
 * never touches a database, so it runs the same on a laptop and as a Kubernetes Job.
 */
public final class SnapshotReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;
    private static final int DIRECT_PAGE = 500;
    /** The sandbox ledger is read in one answer, at most this many orders (its own maximum). */
    private static final int LEDGER_LIMIT = 100_000;

    /** The audit's own confidential client of the realm: its token carries the auditor role. */
    public static final String CLIENT = "checkout-audit";

    private final Endpoints endpoints;
    private final Supplier<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads with the token of {@link #CLIENT} (client credentials with {@code clientSecret}). */
    public SnapshotReader(Endpoints endpoints, String clientSecret) {
        this.endpoints = endpoints;
        this.token = new ClientToken(endpoints.issuer(), CLIENT, clientSecret);
    }

    public Snapshot read() {
        List<Snapshot.Order> orders = orders();
        Map<UUID, Snapshot.Payments> payments = new HashMap<>();
        Map<UUID, Snapshot.Shipments> shipments = new HashMap<>();
        for (Snapshot.Order o : orders) {
            payments.put(o.id(), payments(o.id()));
            shipments.put(o.id(), shipments(o.id()));
        }
        return new Snapshot(orders, products(), payments, shipments, ledger(), directPayments());
    }

    /** payment-service's direct payments (POST /payments), page by page ({@code GET /payments/direct}). */
    private List<Snapshot.DirectPayment> directPayments() {
        List<Snapshot.DirectPayment> direct = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get(endpoints.payment() + "/payments/direct?limit=" + DIRECT_PAGE
                    + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            for (JsonNode p : page.path("items")) {
                direct.add(new Snapshot.DirectPayment(UUID.fromString(p.path("id").asText()), p.path("status").asText(),
                        p.path("amount").path("amount").asLong(), p.path("amount").path("currency").asText(),
                        p.path("captured").path("amount").asLong()));
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return direct;
    }

    private List<Snapshot.Order> orders() {
        List<Snapshot.Order> orders = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get(endpoints.order() + "/orders?limit=" + PAGE + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            for (JsonNode o : page.path("items")) {
                UUID id = UUID.fromString(o.path("id").asText());
                String status = o.path("status").asText();
                Map<String, Integer> quantities = null;
                if (Invariants.COMPLETED.equals(status)) {
                    quantities = new LinkedHashMap<>();
                    for (JsonNode item : get(endpoints.order() + "/orders/" + id).path("items")) {
                        quantities.merge(item.path("sku").asText(), item.path("quantity").asInt(), Integer::sum);
                    }
                }
                orders.add(new Snapshot.Order(id, status, o.path("total").path("amount").asLong(),
                        o.path("total").path("currency").asText(), quantities,
                        o.path("idempotencyKey").isTextual() ? o.path("idempotencyKey").asText() : null));
            }
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        return orders;
    }

    private List<Snapshot.Product> products() {
        List<Snapshot.Product> products = new ArrayList<>();
        for (JsonNode p : get(endpoints.inventory() + "/products?limit=500")) {
            products.add(new Snapshot.Product(p.path("sku").asText(), p.path("received").asLong(),
                    p.path("available").asLong(), p.path("reserved").asLong(), p.path("sold").asLong()));
        }
        return products;
    }

    private Snapshot.Payments payments(UUID orderId) {
        long captured = 0;
        long refunded = 0;
        int records = 0;
        for (JsonNode p : get(endpoints.payment() + "/payments?orderId=" + orderId)) {
            captured += p.path("captured").path("amount").asLong();
            refunded += p.path("refunded").path("amount").asLong();
            records++;
        }
        return new Snapshot.Payments(captured, refunded, records);
    }

    private Snapshot.Shipments shipments(UUID orderId) {
        int live = 0;
        int records = 0;
        for (JsonNode s : get(endpoints.shipping() + "/shipments?orderId=" + orderId)) {
            if (s.path("live").asBoolean()) {
                live++;
            }
            records++;
        }
        return new Snapshot.Shipments(live, records);
    }

    private Map<UUID, Snapshot.Ledger> ledger() {
        Map<UUID, Snapshot.Ledger> ledger = new HashMap<>();
        // the provider's ledger is another party's API: the services' token is never sent there
        JsonNode summary = get(endpoints.sandbox() + "/v1/ledger?limit=" + LEDGER_LIMIT, false);
        if (summary.path("truncated").asBoolean()) {
            throw new AuditException("the ledger has more than " + LEDGER_LIMIT + " orders; audit a smaller window (deploy/local/stack reset)");
        }
        for (JsonNode o : summary.path("orders")) {
            ledger.put(UUID.fromString(o.path("orderId").asText()), new Snapshot.Ledger(o.path("captured").asLong(),
                    o.path("refunded").asLong(), o.path("succeededChargeCount").asInt(), o.path("liveShipments").asInt()));
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
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AuditException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
                }
                return JSON.readTree(response.body());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditException("interrupted reading " + url);
            }
        }
        throw new AuditException("cannot read " + url + ": " + last);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The audit could not read what it needs: neither pass nor fail. */
    /** The audit's token; a realm that does not answer or refuses means the audit cannot read. */
    private String bearer() {
        try {
            return token.get();
        } catch (RuntimeException e) {
            throw new AuditException("no token for " + CLIENT + " from " + endpoints.issuer() + ": " + e.getMessage());
        }
    }

    public static final class AuditException extends RuntimeException {
        public AuditException(String message) {
            super(message);
        }
    }
}
