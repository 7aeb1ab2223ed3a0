package dev.checkoutsaga.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client retry storm: one order, one Idempotency-Key, sent {@code --storm-requests} times over the
 * fault time by {@link #CONCURRENCY} clients at once (a mobile app retrying on every timeout). The
 * service must create ONE order and answer every copy with it (202), or refuse clearly (409 while
 * the first is in flight, 429 with Retry-After from the customer's rate limit); never a second
 * order, never a 5xx.
 */
final class RetryStorm implements Fault {

    static final int CONCURRENCY = 20;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http;
    private final ChaosConfig cfg;
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Set<String> orderIds = ConcurrentHashMap.newKeySet();
    private final List<String> offenders = new CopyOnWriteArrayList<>();

    RetryStorm(HttpClient http, ChaosConfig cfg) {
        this.http = http;
        this.cfg = cfg;
    }

    @Override
    public String name() {
        return "retry-storm";
    }

    @Override
    public String description() {
        return cfg.stormRequests() + " POST /orders with one Idempotency-Key and body, " + CONCURRENCY + " at once";
    }

    @Override
    public String clusterEquivalent() {
        return "";
    }

    @Override
    public void inject() throws Exception {
        String key = "chaos-storm-" + UUID.randomUUID();
        String bearer = Callers.anyCustomer().token();
        String body = OrderMix.body(List.of("{\"sku\":\"" + OrderMix.PLENTIFUL.get(0)
                + "\",\"quantity\":1}"), "N1 9GU", "tok_visa");
        long pauseNanos = cfg.fault().toNanos() * CONCURRENCY / cfg.stormRequests();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            for (int i = 0; i < cfg.stormRequests(); i++) {
                // rounds of CONCURRENCY requests at once, pauseNanos apart, over the fault time
                long sendAt = start + pauseNanos * (i / CONCURRENCY);
                pool.submit(() -> {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, sendAt - System.nanoTime()));
                    send(key, body, bearer);
                    return null;
                });
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(cfg.fault().toSeconds() + 60, TimeUnit.SECONDS);
        }
        if (orderIds.size() > 1) {
            offenders.add("one Idempotency-Key, " + orderIds.size() + " orders: " + orderIds);
        }
    }

    private void send(String key, String body, String bearer) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:8080/orders"))
                    .timeout(cfg.requestTimeout())
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .header("Authorization", "Bearer " + bearer)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            statuses.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
            if (r.statusCode() == 202 || r.statusCode() == 200) {
                Matcher m = ID.matcher(r.body());
                if (m.find()) {
                    orderIds.add(m.group(1));
                }
            } else if (r.statusCode() >= 500 && r.statusCode() != 503) {
                offenders.add("answered " + r.statusCode() + ": " + r.body());
            } else if ((r.statusCode() == 503 || r.statusCode() == 429) && r.headers().firstValue("Retry-After").isEmpty()) {
                offenders.add(r.statusCode() + " without Retry-After");
            }
        } catch (java.net.http.HttpTimeoutException e) {
            statuses.merge("timeout", 1, Integer::sum);
            offenders.add("no answer within " + cfg.requestTimeout().toSeconds() + " s");
        } catch (Exception e) {
            statuses.merge("no answer", 1, Integer::sum);
        }
    }

    @Override
    public void heal() {
        // nothing to repair: the storm is over when inject returns
    }

    @Override
    public String notes() {
        return "storm answers " + new TreeMap<>(statuses) + ", " + orderIds.size() + " order(s) for the key";
    }

    @Override
    public List<String> offenders() {
        return new ArrayList<>(offenders).stream().distinct().limit(5).toList();
    }
}
