package dev.checkoutsaga.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * The reader against canned answers of a local HTTP server: it pages through every list and refuses
 * an answer without a field it relies on, instead of reading it as 0.
 */
class SnapshotReaderTest {
    private static final String EMPTY_PAGE = "{\"items\":[],\"nextCursor\":null}";
    private HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> hits = new ConcurrentHashMap<>();
    /** How many more times a path answers 503 before its answer. */
    private final Map<String, Integer> busyFor = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestURI().toString();
            hits.merge(key, 1, Integer::sum);
            String body = answers.get(key);
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
