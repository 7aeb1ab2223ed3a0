package dev.checkoutsaga.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The reader against canned answers of a local HTTP server: it pages through every list and refuses
 * an answer without a field it relies on, instead of reading it as 0; it reads the activity of every
 * saga service, a participant the audit's code does not name included.
 */
class SnapshotReaderTest {
    private static final String EMPTY_PAGE = "{\"items\":[],\"nextCursor\":null}";
    private HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> hits = new ConcurrentHashMap<>();
    /** How many more times a path answers 503 before its answer. */
    private final Map<String, Integer> busyFor = new ConcurrentHashMap<>();
    /** Answers a path gives in turn (the last one forever), before {@link #answers}. */
    private final Map<String, Deque<String>> inTurn = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestURI().toString();
            hits.merge(key, 1, Integer::sum);
            Deque<String> turns = inTurn.get(key);
            String body = turns == null ? answers.get(key) : turns.size() > 1 ? turns.poll() : turns.peek();
            int busy = busyFor.getOrDefault(key, 0);
            if (busy > 0) {
                busyFor.put(key, busy - 1);
                exchange.getResponseHeaders().add("Retry-After", "0");
                byte[] problem = "{\"status\":503}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(503, problem.length);
                exchange.getResponseBody().write(problem);
                exchange.close();
                return;
            }
            byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        answers.put("/orders?limit=100", EMPTY_PAGE);
        answers.put("/products?limit=500", "[]");
        answers.put("/payments/saga?limit=500", EMPTY_PAGE);
        answers.put("/payments/direct?limit=500", EMPTY_PAGE);
        answers.put("/shipments/all?limit=500", EMPTY_PAGE);
        answers.put("/order-stock?limit=500", EMPTY_PAGE);
        answers.put("/v1/ledger?limit=100000", "{\"truncated\":false,\"orders\":[]}");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SnapshotReader reader() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return new SnapshotReader(new Endpoints(base, base, base, base, base, base), () -> "token");
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A /saga/activity answer: {@code lag} events not yet consumed by the service's own group. */
    private static String activity(String service, long lag) {
        return "{\"service\":\"" + service + "\",\"work\":{\"outbox.unpublished\":0},\"consumerLag\":{\"" + service
                + "\":" + lag + "},\"deadLetters\":0}";
    }

    /** The four services at the root of the server (one answer for their activity), fraud-service under /fraud. */
    private SnapshotReader readerWithAFifthService() {
        answers.put("/saga/activity", activity("order-service", 0));
        answers.put("/fraud/saga/activity", activity("fraud-service", 0));
        List<String> services = List.of("order-service", "inventory-service", "payment-service", "shipping-service", "fraud-service");
        // as in a cluster: the template for every service, the sandbox's own URL
        Endpoints endpoints = Endpoints.fromEnv(Map.of(Endpoints.URL_TEMPLATE, base(), "CHECKOUT_FRAUD_URL", base() + "/fraud",
                "CHECKOUT_SANDBOX_URL", base()), services);
        return new SnapshotReader(endpoints, services, () -> "token");
    }

    @Test
    void theActivityOfEverySagaServiceIsRead() {
        List<Activity> activity = readerWithAFifthService().activity();
        assertEquals(5, activity.size());
        assertEquals("fraud-service", activity.get(4).service());
        assertEquals(4, hits.get("/saga/activity"));
        assertEquals(1, hits.get("/fraud/saga/activity"));
    }

    @Test
    void theAuditWaitsForAFifthServicesBacklogBeforeItJudges() {
        inTurn.put("/fraud/saga/activity", new ArrayDeque<>(List.of(activity("fraud-service", 7), activity("fraud-service", 3),
                activity("fraud-service", 0))));
        Auditor.Verdict v = new Auditor(readerWithAFifthService(), Duration.ofSeconds(10), Duration.ofMillis(1)).run();
        assertTrue(v.judged(), v.render());
        // two looks while fraud-service had lag (nothing read meanwhile), then quiet: before, between and after
        assertEquals(5, hits.get("/fraud/saga/activity"));
        assertEquals(2, hits.get("/orders?limit=100"), "the snapshot is read twice, once fraud-service is quiet");
    }

    @Test
    void aFifthServiceThatStaysBusyKeepsTheAuditFromJudging() {
        SnapshotReader reader = readerWithAFifthService();
        answers.put("/fraud/saga/activity", activity("fraud-service", 4));
        Auditor.Verdict v = new Auditor(reader, Duration.ofMillis(50), Duration.ofMillis(1)).run();
        assertFalse(v.judged());
        assertTrue(v.cannotJudge().contains("fraud-service: lag of fraud-service=4"), v.cannotJudge());
        assertNull(hits.get("/orders?limit=100"), "nothing is read while fraud-service has lag");
    }

    @Test
    void aSagaServiceWithoutAUrlIsAnErrorNamingItsVariable() {
        SnapshotReader reader = new SnapshotReader(new Endpoints(base(), base(), base(), base(), base(), base()),
                List.of("order-service", "fraud-service"), () -> "token");
        answers.put("/saga/activity", activity("order-service", 0));
        SnapshotReader.AuditException e = assertThrows(SnapshotReader.AuditException.class, reader::activity);
        assertTrue(e.getMessage().contains("no URL for fraud-service") && e.getMessage().contains("CHECKOUT_FRAUD_URL")
                && e.getMessage().contains("--fraud-url"), e.getMessage());
    }

    @Test
    void everyPageOfAListIsRead() {
        String id1 = "00000000-0000-0000-0000-000000000001";
        String id2 = "00000000-0000-0000-0000-000000000002";
        answers.put("/shipments/all?limit=500", "{\"items\":[{\"orderId\":\"" + id1 + "\",\"live\":false}],\"nextCursor\":\"" + id1 + "\"}");
        answers.put("/shipments/all?limit=500&cursor=" + id1, "{\"items\":[{\"orderId\":\"" + id2 + "\",\"live\":true}],\"nextCursor\":null}");
        Snapshot s = reader().snapshot();
        assertEquals(2, s.shipments().size());
        assertEquals(1, s.shipments().get(java.util.UUID.fromString(id2)).live());
    }

    @Test
    void productsArePagedBySku() {
        StringBuilder full = new StringBuilder("[");
        for (int i = 0; i < 500; i++) {
            full.append(i == 0 ? "" : ",").append(product(String.format("A%03d", i)));
        }
        answers.put("/products?limit=500", full.append(']').toString());
        answers.put("/products?limit=500&after=A499", "[" + product("B") + "]");
        assertEquals(501, reader().snapshot().products().size());
    }

    private static String product(String sku) {
        return "{\"sku\":\"" + sku + "\",\"received\":1,\"available\":1,\"reserved\":0,\"sold\":0}";
    }

    @Test
    void aMissingFieldIsAnErrorNamingItNotAZero() {
        answers.put("/products?limit=500", "[{\"sku\":\"A\",\"received\":1,\"available\":1,\"reserved\":0,\"soldUnits\":0}]");
        SnapshotReader.AuditException e = assertThrows(SnapshotReader.AuditException.class, () -> reader().snapshot());
        assertTrue(e.getMessage().contains("/products?limit=500: field 'sold' is missing"), e.getMessage());
    }

    @Test
    void aFieldOfAnotherTypeIsAnError() {
        answers.put("/v1/ledger?limit=100000", "{\"truncated\":false,\"orders\":[{\"orderId\":\"00000000-0000-0000-0000-000000000001\","
                + "\"captured\":\"12.00\",\"refunded\":0,\"succeededChargeCount\":1,\"liveShipments\":0}]}");
        SnapshotReader.AuditException e = assertThrows(SnapshotReader.AuditException.class, () -> reader().snapshot());
        assertTrue(e.getMessage().contains("field 'captured' is not a whole number"), e.getMessage());
    }

    @Test
    void aBusyServiceIsAskedAgainAsItsRetryAfterSays() {
        busyFor.put("/payments/saga?limit=500", 2);
        reader().snapshot();
        assertEquals(3, hits.get("/payments/saga?limit=500"), "two 503s, then the answer");
    }

    @Test
    void aServiceThatStaysBusyCannotBeRead() {
        busyFor.put("/order-stock?limit=500", 99);
        SnapshotReader.AuditException e = assertThrows(SnapshotReader.AuditException.class, () -> reader().snapshot());
        assertTrue(e.getMessage().contains("after 5 attempts: 503"), e.getMessage());
    }
}
