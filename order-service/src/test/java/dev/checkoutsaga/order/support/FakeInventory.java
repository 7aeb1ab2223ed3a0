package dev.checkoutsaga.order.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server standing in for inventory-service's {@code GET /products/{sku}}: a fixed
 * catalog, 404 for unknown SKUs. {@code POST /_mode/{ok|fail|reject|throttle|hang}} switches it to
 * answer 500, 400, 429 or to hang (fault tests); {@code GET /_count} answers how many product requests it has
 * received so far, {@code GET /_budgets} the X-Request-Budget-Ms header of each (comma separated) (to prove a retry, or that an open circuit breaker asks nothing). Tests call it
 * over HTTP because the test and the application may not share class loaders.
 */
public class FakeInventory implements QuarkusTestResourceLifecycleManager {

    /** sku -> {amount in minor units, currency}. */
    public static final Map<String, Object[]> CATALOG = Map.of(
            "SKU-1", new Object[] { 1999L, "EUR" },
            "SKU-2", new Object[] { 500L, "EUR" },
            "SKU-3", new Object[] { 12L, "EUR" },
            "SKU-USD", new Object[] { 1000L, "USD" });

    private HttpServer server;
    private ExecutorService executor;
    private volatile String mode = "ok";
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
    private volatile CountDownLatch hang = new CountDownLatch(1);
    /** The X-Request-Budget-Ms of every product request, in arrival order ("" when absent). */
    private final java.util.List<String> budgets = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/products/", this::product);
        server.createContext("/_mode/", this::mode);
        server.createContext("/_count", ex -> send(ex, 200, String.valueOf(requests.get())));
        server.createContext("/_budgets", ex -> {
            synchronized (budgets) {
                send(ex, 200, String.join(",", budgets));
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.inventory.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void product(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String budget = ex.getRequestHeaders().getFirst("X-Request-Budget-Ms");
        budgets.add(budget == null ? "" : budget);
        switch (mode) {
            case "fail" -> {
                send(ex, 500, "{\"title\":\"boom\"}");
                return;
            }
            case "reject" -> {
                send(ex, 400, "{\"title\":\"Bad Request\"}");
                return;
            }
            case "throttle" -> {
                send(ex, 429, "{\"title\":\"Too Many Requests\"}");
                return;
            }
            case "hang" -> {
                try {
                    hang.await(30, TimeUnit.SECONDS); // released when the mode goes back to ok
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> {
            }
        }
        String sku = ex.getRequestURI().getPath().substring("/products/".length());
        Object[] price = CATALOG.get(sku);
        if (price == null) {
            send(ex, 404, "{\"title\":\"Not Found\",\"status\":404}");
            return;
        }
        // inventory-service's ProductView shape: price in minor units plus currency, flat
        send(ex, 200, "{\"sku\":\"" + sku + "\",\"name\":\"Product " + sku + "\",\"price\":" + price[0]
                + ",\"currency\":\"" + price[1] + "\",\"available\":100,\"reserved\":0,\"sold\":0}");
    }

    private void mode(HttpExchange ex) throws IOException {
        String wanted = ex.getRequestURI().getPath().substring("/_mode/".length());
        CountDownLatch old = hang;
        if (!"hang".equals(wanted)) {
            old.countDown();
        } else {
            hang = new CountDownLatch(1);
        }
        mode = wanted;
        send(ex, 204, null);
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (IOException ignored) {
            // the client gave up (timeout test)
        }
    }

    @Override
    public void stop() {
        hang.countDown();
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
