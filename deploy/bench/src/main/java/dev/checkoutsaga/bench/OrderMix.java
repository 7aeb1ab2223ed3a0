package dev.checkoutsaga.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The orders the benchmark places, and the catalog it seeds for them.
 *
 * <ul>
 * <li>1 to 3 lines (uniform), each a distinct plentiful SKU with quantity 1 or 2;</li>
 * <li>90 % good card ({@code tok_visa}) to a deliverable address;</li>
 * <li>5 % declined card ({@code tok_declined}): PAYMENT_DECLINED, stock released;</li>
 * <li>3 % undeliverable ({@code postalCode 00000}): the carrier refuses, the payment is refunded;</li>
 * <li>2 % with one unit of the scarce SKU (a few in stock per run): the first few complete, the
 * rest are cancelled OUT_OF_STOCK.</li>
 * </ul>
 * Every order is placed by one of the {@link Callers#customers()}, at random, with their token.
 */
final class OrderMix {

    static final List<String> PLENTIFUL = List.of("BENCH-1", "BENCH-2", "BENCH-3", "BENCH-4", "BENCH-5", "BENCH-6",
            "BENCH-7", "BENCH-8");
    static final String SCARCE = "BENCH-SCARCE";
    /** Stock set before every run: the plentiful SKUs at the API's maximum, the scarce one at a few units. */
    static final int PLENTIFUL_STOCK = 1_000_000;
    static final int SCARCE_STOCK = 5;

    enum Kind {
        GOOD, DECLINED, UNDELIVERABLE, SCARCE
    }

    /** What to send, and who sends it (a bearer token of one of the customers). */
    record Order(Kind kind, String json, String bearer) {
    }

    private OrderMix() {
    }

    static Order next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int p = r.nextInt(100);
        Kind kind = p < 90 ? Kind.GOOD : p < 95 ? Kind.DECLINED : p < 98 ? Kind.UNDELIVERABLE : Kind.SCARCE;
        int lines = 1 + r.nextInt(3);
        Set<String> skus = new LinkedHashSet<>();
        if (kind == Kind.SCARCE) {
            skus.add(SCARCE);
        }
        while (skus.size() < lines) {
            skus.add(PLENTIFUL.get(r.nextInt(PLENTIFUL.size())));
        }
        List<String> items = new ArrayList<>();
        for (String sku : skus) {
            items.add("{\"sku\":\"" + sku + "\",\"quantity\":" + (sku.equals(SCARCE) ? 1 : 1 + r.nextInt(2)) + "}");
        }
        return new Order(kind, body(items, kind == Kind.UNDELIVERABLE ? "00000" : "N1 9GU",
                kind == Kind.DECLINED ? "tok_declined" : "tok_visa"), Callers.anyCustomer().token());
    }

    static String body(List<String> items, String postalCode, String token) {
        return "{\"items\":[" + String.join(",", items) + "],"
                + "\"shippingAddress\":{\"name\":\"Ada Lovelace\",\"line1\":\"1 Main St\",\"city\":\"London\","
                + "\"postalCode\":\"" + postalCode + "\",\"country\":\"GB\"},\"paymentToken\":\"" + token + "\"}";
    }

    /** PUT /products/{sku} on inventory: sets name, price and the available stock (the same every run). */
    static void seedCatalog(HttpClient http, String inventoryUrl) throws Exception {
        for (int i = 0; i < PLENTIFUL.size(); i++) {
            put(http, inventoryUrl, PLENTIFUL.get(i), "Bench item " + (i + 1), 500 + 250L * i, PLENTIFUL_STOCK);
        }
        put(http, inventoryUrl, SCARCE, "Bench limited item", 9900, SCARCE_STOCK);
    }

    private static void put(HttpClient http, String inventoryUrl, String sku, String name, long price, int available)
            throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(inventoryUrl + "/products/" + sku))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Callers.BACK_OFFICE.get())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"price\":" + price
                        + ",\"currency\":\"EUR\",\"available\":" + available + "}"))
                .build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT /products/" + sku + " answered " + res.statusCode() + ": " + res.body());
        }
    }
}
