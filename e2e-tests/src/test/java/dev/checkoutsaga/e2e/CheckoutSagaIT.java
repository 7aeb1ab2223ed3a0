package dev.checkoutsaga.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.checkoutsaga.audit.AuditReport;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.QuarkusAppProcess;
import dev.checkoutsaga.testkit.TestInfra;
import io.restassured.path.json.JsonPath;

/**
 * The whole saga across four service processes, the sandbox and real PostgreSQL, Redis and Kafka.
 * Every scenario ends with every order terminal and the consistency audit (docs/design.md section 3)
 * passing: no order, stock unit or cent lost or doubled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckoutSagaIT {
    /** ada's subject: the realm file fixes her user id. */
    private static final String ADA = "8b8f8a3e-5c1d-4f0e-9a51-0a0000000ada";
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private static SagaStack stack;
    private static Checkout checkout;
    private static KafkaProbe probe;

    @BeforeAll
    static void startStack() {
        stack = SagaStack.start();
        checkout = new Checkout(stack);
        probe = KafkaProbe.subscribe(TestInfra.get().kafka().bootstrapServers(), Topics.ORDERS, Topics.INVENTORY,
                Topics.PAYMENTS, Topics.SHIPPING);
    }

    @AfterAll
    static void stopStack() {
        if (probe != null) {
            probe.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * After every scenario: the invariants hold over everything the stack has seen so far, and every
     * request and answer of the scenario (the audit's too) is what the services' OpenAPI documents say.
     */
    @AfterEach
    void auditPasses() {
        AuditReport report = stack.audit();
        assertTrue(report.passed(), report.render());
        stack.contract.assertConforms();
    }

    private static String traceIdOf(ConsumerRecord<String, byte[]> record) {
        String traceParent = KafkaProbe.header(record, "traceparent");
        return traceParent == null ? null : traceParent.split("-")[1];
    }

    /** Tokens from the stack's Keycloak, validated by inventory-service against the realm's keys. */
    @Test
    @Order(0)
    void theCatalogTakesWritesOnlyFromTheBackOfficeWithItsKeycloakToken() {
        String sku = Checkout.newSku();
        String write = "{\"name\":\"Mug\",\"price\":1,\"currency\":\"EUR\",\"available\":100}";
        given().baseUri(stack.inventory.baseUrl()).contentType("application/json").body(write).put("/products/{sku}", sku)
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().baseUri(stack.inventory.baseUrl()).auth().oauth2(stack.keycloak.userToken("ada", "ada-demo"))
                .contentType("application/json").body(write).put("/products/{sku}", sku)
                .then().statusCode(403);
        given().baseUri(stack.inventory.baseUrl()).get("/products/{sku}", sku).then().statusCode(404);

        given().baseUri(stack.inventory.baseUrl()).auth().oauth2(stack.keycloak.userToken("clerk", "clerk-demo"))
                .contentType("application/json").body(write).put("/products/{sku}", sku)
                .then().statusCode(201);
        assertEquals(100, checkout.productOf(sku).getInt("available"));
    }

    /** Real Keycloak tokens of the demo customers: each sees only their own orders. */
    @Test
    @Order(0)
    void aCustomerSeesAndCancelsOnlyTheirOwnOrdersWithTheirKeycloakToken() {
        String sku = Checkout.newSku();
        checkout.product(sku, 100, 10);
        String ada = stack.keycloak.userToken("ada", "ada-demo");
        String grace = stack.keycloak.userToken("grace", "grace-demo");
        String order = stack.order.baseUrl();
        String id = given().baseUri(order).auth().oauth2(ada).contentType("application/json")
                .body(Checkout.orderBody(sku, 1, "tok_visa", "N1 9GU")).post("/orders")
                .then().statusCode(202).body("customerId", equalTo(ADA)).extract().path("id");

        given().baseUri(order).get("/orders/{id}", id).then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().baseUri(order).auth().oauth2(grace).get("/orders/{id}", id).then().statusCode(404);
        given().baseUri(order).auth().oauth2(grace).post("/orders/{id}/cancel", id).then().statusCode(404);
        given().baseUri(order).auth().oauth2(grace).get("/orders").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        given().baseUri(order).auth().oauth2(ada).get("/orders").then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));
        given().baseUri(order).auth().oauth2(ada).get("/orders/{id}", id).then().statusCode(200);
        checkout.awaitTerminal(id, SETTLE);
    }

    @Test
    @Order(1)
    void aGoodOrderCompletesInOneTraceAcrossAllFourServices() {
        String sku = Checkout.newSku();
        checkout.product(sku, 1999, 5);
        String traceParent = KafkaProbe.newTraceParent();
        String traceId = traceParent.split("-")[1];

        var placed = checkout.post(stack.order.baseUrl(), sku, 2, "tok_visa", "N1 9GU", traceParent)
                .then().statusCode(202).extract();
        String id = placed.path("id");
        assertTrue(placed.header("Location").endsWith("/orders/" + id), placed.header("Location"));

        JsonPath o = checkout.awaitStatus(id, "COMPLETED", SETTLE);
        assertEquals(3998, o.getLong("total.amount"));
        List<String> events = o.getList("timeline.event");
        assertTrue(events.containsAll(List.of("OrderPlaced", "StockReserved", "PaymentCaptured", "ShipmentScheduled")),
                events.toString());
        for (EventType type : List.of(EventType.ORDER_PLACED, EventType.STOCK_RESERVED, EventType.PAYMENT_CAPTURED,
                EventType.SHIPMENT_SCHEDULED, EventType.ORDER_COMPLETED)) {
            assertEquals(traceId, traceIdOf(probe.await(id, type.ceType(), SETTLE)), type + " joins the client's trace");
        }
        org.awaitility.Awaitility.await().atMost(SETTLE).untilAsserted(() -> {
            JsonPath p = checkout.productOf(sku);
            assertEquals(3, p.getInt("available"));
            assertEquals(0, p.getInt("reserved"));
            assertEquals(2, p.getInt("sold"));
        });
        JsonPath ledger = checkout.ledger(id);
        assertEquals(3998, ledger.getLong("net"));
        assertEquals(1, ledger.getInt("liveShipments"));
        assertEquals(409, checkout.cancel(id).statusCode(), "a completed order cannot be cancelled");

        // What a user sees in the trace viewer: the order is ONE trace, the client's, through every
        // service, every relay publish and every consumer, and the provider and carrier calls.
        Set<String> services = Set.copyOf(SagaMap.SERVICES);
        TraceViewer viewer = stack.traceViewer();
        org.awaitility.Awaitility.await().atMost(SETTLE).untilAsserted(() -> {
            List<TraceViewer.Trace> traces = viewer.tracesOfOrder(id);
            assertEquals(1, traces.size(), "traces holding order " + id);
            TraceViewer.Trace trace = traces.get(0);
            assertEquals(traceId, trace.traceId(), "the client's trace");
            assertEquals(services, trace.services().stream().filter(services::contains).collect(Collectors.toSet()));
            assertEquals(services, trace.servicesWith("PRODUCER"), "each service's outbox relay published in it");
            assertEquals(services, trace.servicesWith("CONSUMER"), "each service consumed the saga's events in it");
            // each outbound call inside the span of its step's run (platform/steps' worker starts it)
            assertTrue(trace.hasClientCallInStep("payment-service", "/v1/charges", "charge"),
                    "the charge at the provider, in the charge step's span" + trace.describe());
            assertTrue(trace.hasClientCallInStep("shipping-service", "/v1/shipments", "book"),
                    "the booking at the carrier, in the book step's span" + trace.describe());
        });

        // What a user finds in the logs: every line about the order carries its id and its trace id,
        // the steps' lines (charge, booking) included, so a log line leads to the trace and back.
        for (String service : services) {
            for (ServiceLogs.Line line : ServiceLogs.mentioning(service, id)) {
                assertEquals(id, line.mdc().get("orderId"), line.toString());
                assertEquals(traceId, line.mdc().get("traceId"), line.toString());
            }
        }
        assertFalse(ServiceLogs.mentioning("payment-service", id).isEmpty(), "payment-service logs the charge");
        assertFalse(ServiceLogs.mentioning("shipping-service", id).isEmpty(), "shipping-service logs the booking");
    }

    @Test
    @Order(2)
    void anOrderForMoreThanIsInStockIsCancelledWithNothingCharged() {
        String sku = Checkout.newSku();
        checkout.product(sku, 500, 1);
        String id = checkout.place(sku, 2, "tok_visa", "N1 9GU");

        JsonPath o = checkout.awaitStatus(id, "CANCELLED", SETTLE);
        assertEquals("OUT_OF_STOCK", o.getString("reason"));
        assertEquals(0, checkout.ledger(id).getLong("captured"));
        assertEquals(1, checkout.productOf(sku).getInt("available"));
    }

    @Test
    @Order(3)
    void aDeclinedCardCancelsTheOrderAndReleasesTheStock() {
        String sku = Checkout.newSku();
        checkout.product(sku, 700, 4);
        String id = checkout.place(sku, 3, "tok_declined", "N1 9GU");

        JsonPath o = checkout.awaitStatus(id, "CANCELLED", SETTLE);
        assertEquals("PAYMENT_DECLINED", o.getString("reason"));
        assertTrue(o.getList("undone").toString().contains(sku), "the timeline says the stock was released: " + o.getList("undone"));
        assertEquals(4, checkout.productOf(sku).getInt("available"));
        assertEquals(0, checkout.ledger(id).getLong("net"));
    }

    @Test
    @Order(4)
    void anUndeliverableAddressCancelsTheOrderAndRefundsThePayment() {
        String sku = Checkout.newSku();
        checkout.product(sku, 2500, 2);
        String id = checkout.place(sku, 1, "tok_visa", "00000");

        JsonPath o = checkout.awaitStatus(id, "CANCELLED", SETTLE);
        assertEquals("SHIPMENT_FAILED", o.getString("reason"));
        JsonPath ledger = checkout.ledger(id);
        assertEquals(2500, ledger.getLong("captured"));
        assertEquals(2500, ledger.getLong("refunded"));
        assertEquals(0, ledger.getInt("liveShipments"));
        assertEquals(2, checkout.productOf(sku).getInt("available"));
    }

    @Test
    @Order(5)
    void aCustomerCancelRacingEachSagaStepEndsSettledEitherWay() throws Exception {
        String sku = Checkout.newSku();
        checkout.product(sku, 300, 100);
        long[] delaysMillis = { 0, 20, 50, 100, 200, 400, 800, 1500 };
        Map<String, Integer> cancelAnswers = new java.util.LinkedHashMap<>();
        for (long delay : delaysMillis) {
            String id = checkout.place(sku, 1, "tok_visa", "N1 9GU");
            Thread.sleep(delay); // the race itself: cancel at a different point of the saga each time
            cancelAnswers.put(id, checkout.cancel(id).statusCode());
        }
        // the cancel's answer decides the outcome: accepted (202, or 200 when already cancelled) ends
        // CANCELLED with nothing charged; refused (409: already COMPLETED) stays COMPLETED, charged once
        int completed = 0;
        for (var e : cancelAnswers.entrySet()) {
            JsonPath o = checkout.awaitTerminal(e.getKey(), SETTLE);
            JsonPath books = checkout.ledger(e.getKey());
            switch (e.getValue()) {
                case 202, 200 -> {
                    assertEquals("CANCELLED", o.getString("status"), "an accepted cancel of " + e.getKey());
                    assertEquals("CUSTOMER_CANCELLED", o.getString("reason"));
                    assertEquals(0, books.getLong("net"), books.prettify());
                    assertEquals(0, books.getInt("liveShipments"), books.prettify());
                }
                case 409 -> {
                    assertEquals("COMPLETED", o.getString("status"), "a refused cancel of " + e.getKey());
                    assertEquals(300, books.getLong("net"), books.prettify());
                    completed++;
                }
                default -> fail("cancel of " + e.getKey() + " answered " + e.getValue());
            }
        }
        assertEquals(202, cancelAnswers.values().iterator().next(), "a cancel right after placing is accepted");
        assertEquals(100 - completed, checkout.productOf(sku).getInt("available"), "cancelled orders gave their stock back");
    }

    @Test
    @Order(6)
    void anOrderStuckBehindADeadPaymentServiceIsCancelledAtTheDeadlineAndTwoReplicasRelayEachEventOnce() throws Exception {
        QuarkusAppProcess shortDeadline = stack.startOrderService("5s");
        try {
            String sku = Checkout.newSku();
            checkout.product(sku, 900, 3);
            String id;
            stack.payment.kill();
            try {
                id = checkout.place(shortDeadline.baseUrl(), sku, 1, "tok_visa", "N1 9GU");
                JsonPath o = checkout.awaitStatus(id, "CANCELLING", SETTLE);
                assertEquals("DEADLINE_PASSED", o.getString("reason"));
            } finally {
                stack.payment.restart();
            }
            checkout.awaitStatus(id, "CANCELLED", SETTLE);
            assertEquals(0, checkout.ledger(id).getLong("net"));
            assertEquals(3, checkout.productOf(sku).getInt("available"));

            // two order-service replicas relay the same outbox table under load (40 orders, 8 at a time,
            // half to each): each event goes out once
            String other = Checkout.newSku();
            checkout.product(other, 100, 50);
            List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService placing = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> placed = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String url = i % 2 == 0 ? stack.order.baseUrl() : shortDeadline.baseUrl();
                    placed.add(placing.submit(() -> ids.add(checkout.place(url, other, 1, "tok_visa", "N1 9GU"))));
                }
                for (Future<?> f : placed) {
                    f.get();
                }
            } finally {
                placing.shutdown();
            }
            for (String placed : ids) {
                probe.await(placed, EventType.ORDER_PLACED.ceType(), SETTLE);
            }
            for (String placed : ids) {
                assertEquals(1, probe.recordsFor(placed, Duration.ofMillis(200)).stream()
                        .filter(r -> EventType.ORDER_PLACED.ceType().equals(KafkaProbe.header(r, "ce_type"))).count(),
                        "OrderPlaced of " + placed + " published once");
                checkout.awaitTerminal(placed, SETTLE);
            }
        } finally {
            shortDeadline.close();
        }
    }

    @Test
    @Order(7)
    void twoHundredConcurrentMixedOrdersOnScarceStockWithReplicasJoiningAndAServiceKilledMidRun() throws Exception {
        String scarce = Checkout.newSku();
        String plenty = Checkout.newSku();
        checkout.product(scarce, 1000, 40);
        checkout.product(plenty, 250, 1000);
        int orders = 200;
        Map<String, String> kindById = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> submitted = new ArrayList<>();
        List<QuarkusAppProcess> replicas = new ArrayList<>();
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        try {
            try {
                for (int i = 0; i < orders; i++) {
                    int n = i;
                    submitted.add(pool.submit(() -> {
                        String kind = n % 10 == 7 ? "declined" : n % 10 == 9 ? "undeliverable" : "good";
                        String sku = n % 2 == 0 ? scarce : plenty;
                        String id = checkout.place(sku, 1, kind.equals("declined") ? "tok_declined" : "tok_visa",
                                kind.equals("undeliverable") ? "00000" : "N1 9GU");
                        kindById.put(id, kind + ":" + sku);
                    }));
                    if (i == orders / 4) {
                        // a second replica of inventory and of payment joins while orders flow: their consumer
                        // groups rebalance and partitions move between instances mid-saga
                        replicas.add(stack.startInventoryService("inventory-service-2"));
                        replicas.add(stack.startPaymentService("payment-service-3"));
                    }
                    if (i == orders / 2) {
                        stack.shipping.kill(); // kill -9 mid-run: its events wait in Kafka, its steps in its database
                    }
                }
                for (Future<?> f : submitted) {
                    f.get();
                }
            } finally {
                pool.shutdown();
                stack.shipping.restart();
            }

            for (String id : kindById.keySet()) {
                JsonPath o = checkout.awaitTerminal(id, Duration.ofSeconds(180));
                String kind = kindById.get(id).split(":")[0];
                String status = o.getString("status");
                outcomes.merge(kind + " -> " + status + (o.getString("reason") == null ? "" : " " + o.getString("reason")), 1L,
                        Long::sum);
                String outcome = status + (o.getString("reason") == null ? "" : " " + o.getString("reason"));
                String expected = switch (kind) {
                    case "declined" -> "CANCELLED PAYMENT_DECLINED";
                    case "undeliverable" -> "CANCELLED SHIPMENT_FAILED";
                    // plenty of stock: only a sold-out scarce SKU may cancel a good order, and the kill never does
                    default -> kindById.get(id).endsWith(plenty) || "COMPLETED".equals(status) ? "COMPLETED" : "CANCELLED OUT_OF_STOCK";
                };
                assertEquals(expected, outcome, kindById.get(id) + " order " + id);
            }
        } finally {
            replicas.forEach(QuarkusAppProcess::close); // SIGTERM; their partitions move back after the session timeout
        }
        assertEquals(orders, kindById.size());
        long completedScarce = kindById.entrySet().stream()
                .filter(e -> e.getValue().endsWith(scarce))
                .filter(e -> "COMPLETED".equals(checkout.order(e.getKey()).getString("status")))
                .count();
        // 100 good orders want the 40 scarce units: exactly 40 sell, none twice, none lost to the kill
        assertEquals(40, completedScarce, "every scarce unit sold once");
        assertEquals(40, checkout.productOf(scarce).getInt("sold"));
        assertEquals(0, checkout.productOf(scarce).getInt("available"));
        System.out.println("200 concurrent orders: " + outcomes.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
    }

    @Test
    @Order(8)
    void theRateLimitOfOneCustomerIsSharedByTwoOrderServiceInstances() {
        QuarkusAppProcess second = stack.startOrderService(SagaStack.DEADLINE);
        try {
            String sku = Checkout.newSku();
            checkout.product(sku, 100, 1000);
            String customer = "burst-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            String[] instances = { stack.order.baseUrl(), second.baseUrl() };
            int[] accepted = new int[2];
            int[] limited = new int[2];
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                var r = checkout.post(instances[i % 2], customer, sku, 1, "tok_visa", "N1 9GU", null);
                if (r.statusCode() == 202) {
                    accepted[i % 2]++;
                    ids.add(r.path("id"));
                } else {
                    assertEquals(429, r.statusCode(), r.body().asString());
                    assertEquals("20", r.header("RateLimit-Limit"));
                    assertEquals("0", r.header("RateLimit-Remaining"));
                    assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
                    limited[i % 2]++;
                }
            }
            int total = accepted[0] + accepted[1];
            // one bucket of 20 (+ at most a few refilled tokens), not 20 per instance
            assertTrue(total >= 20 && total <= 25, "accepted " + total + " of 40 across two instances");
            assertTrue(limited[0] > 0 && limited[1] > 0, "both instances enforce the shared limit");
            for (String id : ids) {
                checkout.awaitTerminal(id, SETTLE);
            }
        } finally {
            second.close();
        }
    }

    /** Something that breaks and is healed again. */
    private record Outage(String name, Runnable breakIt, Runnable heal) {
    }

    /** One order of the outage scenario: what the client sent and what it was told. */
    private record Sent(String key, String customer, String token, String phase, Checkout.Placed placed) {
    }

    /**
     * The degradation matrix of docs/design.md section 4, end to end: while orders keep coming (from a
     * client that retries with its Idempotency-Key), PostgreSQL (every service's database), Redis,
     * Kafka and the payment provider each fail in turn and come back. Every accepted order ends
     * terminal, none is declined because of an outage, no key places a second order or charges twice,
     * and the audit passes.
     */
    @Test
    @Order(9)
    void postgresRedisKafkaAndTheProviderFailingInTurnLoseAndDoubleNothing() throws Exception {
        String sku = Checkout.newSku();
        checkout.product(sku, 700, 1000);
        checkout.awaitTerminal(checkout.place(sku, 1, "tok_visa", "N1 9GU"), SETTLE); // prices cached in Redis
        TestInfra infra = TestInfra.get();
        List<Sent> sent = new ArrayList<>();
        Map<String, Long> outcomes = new java.util.TreeMap<>();

        // one outage at a time; each phase's orders settle before the next thing breaks
        for (Outage outage : List.of(
                new Outage("PostgreSQL down", () -> infra.postgres().stop(), () -> infra.postgres().start()),
                new Outage("Redis down", () -> infra.redis().stop(), () -> infra.redis().start()),
                new Outage("Kafka down", () -> infra.kafka().stop(), () -> infra.kafka().start()),
                new Outage("provider answering 503",
                        () -> checkout.fault("charges", "{\"errorRate\": 1, \"errorStatus\": 503}"),
                        checkout::healSandbox))) {
            List<Sent> phase = burst(outage, sku);
            for (Sent o : phase) {
                settledOnce(o, sku, outcomes);
            }
            sent.addAll(phase);
        }
        assertTrue(sent.stream().anyMatch(o -> o.phase().equals("PostgreSQL down") && o.placed().deferred()),
                "orders are accepted while the order database is down");
        System.out.println("orders across outages: " + outcomes.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));

        // a direct charge whose client retried after a lost answer is charged once (audit invariant 5)
        checkout.fault("charges", "{\"mode\": \"charge-then-drop\"}");
        String key = java.util.UUID.randomUUID().toString();
        var first = checkout.directPayment(key, "e2e-retry", 1234, "tok_visa");
        assertEquals(503, first.statusCode(), "charged, but the answer never arrived: " + first.body().asString());
        checkout.healSandbox();
        // the payment was recorded PENDING before the call; payment-service finishes it in the background
        // (payment.direct.retry-after) and the client's retry gets 409 until then, then the answer
        var retriedRef = new java.util.concurrent.atomic.AtomicReference<io.restassured.response.Response>();
        org.awaitility.Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).until(() -> {
            retriedRef.set(checkout.directPayment(key, "e2e-retry", 1234, "tok_visa"));
            return retriedRef.get().statusCode() != 409;
        });
        var retried = retriedRef.get();
        assertEquals(201, retried.statusCode(), retried.body().asString());
        assertEquals(1, checkout.ledger(retried.path("id")).getList("charges").size(), "charged once");
    }

    /**
     * A payment-service replica killed (kill -9) while two of its calls are at the provider: a saga
     * charge run by its step worker and a direct charge run by a request. The provider goes on and
     * books both. Another replica takes both steps over when their leases ({@code saga.steps.lease})
     * end and asks again with the same provider keys: the provider holds one charge each, the order
     * completes, and the direct payment's key answers 201 from the other replica.
     */
    @Test
    @Order(10)
    void aPaymentReplicaKilledMidChargeIsTakenOverAfterItsLeaseAndTheProviderBooksEachChargeOnce() throws Exception {
        String sku = Checkout.newSku();
        checkout.product(sku, 1500, 10);
        String key = java.util.UUID.randomUUID().toString();
        QuarkusAppProcess other = null;
        try {
            // the provider takes 6 s before it books (and answers) a charge
            checkout.fault("charges", "{\"latencyMs\": 6000}");
            String orderId = checkout.place(sku, 1, "tok_visa", "N1 9GU");
            org.awaitility.Awaitility.await().atMost(SETTLE).until(() -> checkout.sandboxRequests("charges") >= 1);
            var direct = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> checkout.directPayment(key, "e2e-takeover", 2500, "tok_visa"));
            org.awaitility.Awaitility.await().atMost(SETTLE).until(() -> checkout.sandboxRequests("charges") >= 2);
            stack.payment.kill();
            assertTrue(direct.handle((answer, failure) -> failure != null).get(30, java.util.concurrent.TimeUnit.SECONDS),
                    "the request died with its replica");
            checkout.healSandbox();

            other = stack.startPaymentService("payment-service-2");
            JsonPath completed = checkout.awaitStatus(orderId, "COMPLETED", Duration.ofSeconds(120));
            JsonPath books = checkout.ledger(orderId);
            assertEquals(1, books.getList("charges").size(), books.prettify());
            assertEquals(1500, books.getLong("captured"));
            assertEquals(1500, completed.getLong("total.amount"));

            String otherUrl = other.baseUrl();
            var answer = new java.util.concurrent.atomic.AtomicReference<io.restassured.response.Response>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                answer.set(checkout.directPayment(otherUrl, key, "e2e-takeover", 2500, "tok_visa"));
                return answer.get().statusCode() != 409;
            });
            assertEquals(201, answer.get().statusCode(), answer.get().body().asString());
            assertEquals("CAPTURED", answer.get().path("status"));
            JsonPath directBooks = checkout.ledger(answer.get().path("id"));
            assertEquals(1, directBooks.getList("charges").size(), directBooks.prettify());
        } finally {
            checkout.healSandbox();
            if (other != null) {
                other.close();
            }
            stack.payment.restart();
        }
    }

    /** The order ended as its card says, and a much later retry of its request replays it. */
    private void settledOnce(Sent o, String sku, Map<String, Long> outcomes) {
        JsonPath order = checkout.awaitTerminal(o.placed().id(), Duration.ofSeconds(180));
        String outcome = order.getString("status") + (order.getString("reason") == null ? "" : " " + order.getString("reason"));
        outcomes.merge(o.phase() + ": " + o.token() + " -> " + outcome, 1L, Long::sum);
        assertEquals(o.key(), order.getString("idempotencyKey"));
        // only the card decides: an outage never declines or cancels a good order
        assertEquals(o.token().equals("tok_declined") ? "CANCELLED PAYMENT_DECLINED" : "COMPLETED", outcome,
                o.phase() + ": order " + o.placed().id());
        var again = checkout.replay(o.key(), o.customer(), sku, o.token());
        assertEquals(202, again.statusCode(), again.body().asString());
        assertEquals(o.placed().id(), again.path("id"));
        assertEquals("true", again.header("Idempotent-Replayed"));
    }

    /**
     * After every scenario (Order last): nothing a caller must keep to themselves reached a service's
     * log, whatever failed along the way: no bearer token (a JWT), no card token, no password or client
     * secret of the realm, no name, street or postal code of a shipping address. The sandbox (the
     * provider and carrier, who legitimately receive cards and addresses) and Keycloak are not scanned.
     */
    @Test
    @Order(100)
    void noTokenCardPasswordOrAddressReachedAnyServiceLog() {
        Map<String, java.util.regex.Pattern> secrets = Map.of(
                "a bearer token", java.util.regex.Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ"),
                "a card token", java.util.regex.Pattern.compile("tok_(visa|declined|insufficient_funds|mastercard)"),
                "a password or client secret", java.util.regex.Pattern.compile("(ada|grace|clerk)-demo|-load-demo|demo-secret"),
                "an address", java.util.regex.Pattern.compile("Ada Lovelace|1 Main St|N1 9GU"));
        List<String> leaks = new ArrayList<>();
        for (String service : SagaMap.SERVICES) {
            secrets.forEach((what, pattern) -> ServiceLogs.matching(service, pattern).stream().limit(3)
                    .forEach(line -> leaks.add(service + " logged " + what + ": " + line)));
        }
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    /**
     * Breaks something, places 8 orders (every fourth with a card the provider declines) through
     * four concurrent clients, keeps it broken for a few seconds more, then heals it.
     */
    private List<Sent> burst(Outage outage, String sku) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Sent>> futures = new ArrayList<>();
        outage.breakIt().run();
        try {
            for (int i = 0; i < 8; i++) {
                String token = i % 4 == 3 ? "tok_declined" : "tok_visa";
                String key = java.util.UUID.randomUUID().toString();
                String customer = checkout.nextCustomer();
                futures.add(pool.submit(() -> new Sent(key, customer, token, outage.name(),
                        checkout.placeIdempotently(key, customer, sku, token, Duration.ofSeconds(60)))));
            }
            Thread.sleep(3000); // the outage outlasts the burst: the saga has to wait for it
        } finally {
            outage.heal().run();
        }
        List<Sent> sent = new ArrayList<>();
        for (Future<Sent> f : futures) {
            sent.add(f.get());
        }
        pool.shutdown();
        return sent;
    }
}
