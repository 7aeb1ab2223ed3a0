package dev.checkoutsaga.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.checkoutsaga.audit.AuditReport;
import dev.checkoutsaga.audit.Auditor;
import dev.checkoutsaga.audit.InvariantResult;
import dev.checkoutsaga.testkit.PostgresService;
import dev.checkoutsaga.testkit.TestInfra;
import io.restassured.http.ContentType;

/**
 * The audit against a real saga: read during load it waits or says it cannot judge, never FAIL; and
 * each way of corrupting the state it guards (an extra sold unit, an order order-service lost, a live
 * shipment for a cancelled order, a second order under one Idempotency-Key, a second charge at the
 * provider) makes it FAIL naming the offender. Each corruption is written straight into a service's
 * database (or the provider) and undone after, except the provider's charge, which is last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditIT {
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofSeconds(60);

    private static SagaStack stack;
    private static Checkout checkout;
    private static String sku;
    private static String completed;
    private static String declinedWithKey;
    private static String declinedKey;
    private static String declinedCustomer;

    @BeforeAll
    static void startStack() {
        stack = SagaStack.start("audit_");
        checkout = new Checkout(stack);
        sku = Checkout.newSku();
        checkout.product(sku, 1250, 1000);
        completed = checkout.place(sku, 2, "tok_visa", "N1 9GU");
        declinedKey = "audit-" + UUID.randomUUID();
        declinedCustomer = checkout.nextCustomer();
        declinedWithKey = checkout.placeIdempotently(declinedKey, declinedCustomer, sku, "tok_declined", SETTLE).id();
        assertEquals("COMPLETED", checkout.awaitTerminal(completed, SETTLE).getString("status"));
        assertEquals("CANCELLED", checkout.awaitTerminal(declinedWithKey, SETTLE).getString("status"));
    }

    /** Every request and answer of the scenario (the audit's too) is what the services' OpenAPI documents say. */
    @org.junit.jupiter.api.AfterEach
    void conformsToTheOpenApiDocuments() {
        stack.contract.assertConforms();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static AuditReport judged() {
        Auditor.Verdict verdict = stack.audit(QUIET);
        assertTrue(verdict.judged(), verdict.render());
        return verdict.report();
    }

    /** The report fails on invariant {@code id}, with an offender naming {@code offender}; every other invariant passes. */
    private static void failsOn(String id, String offender) {
        failsOn(id, offender, true);
    }

    private static void failsOn(String id, String offender, boolean alone) {
        AuditReport report = judged();
        assertFalse(report.passed(), report.render());
        for (InvariantResult r : report.results()) {
            if (r.id().equals(id)) {
                assertTrue(r.failed() && r.offenders().stream().anyMatch(o -> o.contains(offender)),
                        "invariant " + id + " names " + offender + "\n" + report.render());
            } else if (alone) {
                assertFalse(r.failed(), "only invariant " + id + " fails\n" + report.render());
            }
        }
    }

    private static void passes() {
        AuditReport report = judged();
        assertTrue(report.passed(), report.render());
    }

    private static Connection db(String database) throws SQLException {
        PostgresService pg = TestInfra.get().postgres();
        return DriverManager.getConnection(pg.jdbcUrl(stack.databasePrefix + database), pg.username(), pg.password());
    }

    private static int update(String database, String sql, Object... args) throws SQLException {
        try (Connection c = db(database); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            return st.executeUpdate();
        }
    }

    @Test
    @Order(1)
    void readDuringLoadTheAuditWaitsOrCannotJudgeButNeverFails() throws Exception {
        ExecutorService load = Executors.newFixedThreadPool(2);
        List<Future<String>> orders = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                orders.add(load.submit(() -> checkout.place(sku, 1, "tok_visa", "N1 9GU")));
            }
            int unjudged = 0;
            long end = System.nanoTime() + SETTLE.toNanos();
            while (!allTerminal(orders)) {
                assertTrue(System.nanoTime() < end, "the orders did not end within " + SETTLE);
                // a short wait for quiet: while orders move the audit must say "cannot judge", never FAIL
                Auditor.Verdict v = stack.audit(Duration.ofSeconds(1));
                assertTrue(!v.judged() || v.report().passed(), "a FAIL read in motion:\n" + v.render());
                unjudged += v.judged() ? 0 : 1;
            }
            assertTrue(unjudged > 0, "the audit was never refused a judgement while 24 orders moved");
        } finally {
            load.shutdown();
        }
        passes();
    }

    private static boolean allTerminal(List<Future<String>> orders) throws Exception {
        for (Future<String> f : orders) {
            if (!f.isDone() || !Checkout.TERMINAL.contains(checkout.order(f.get()).getString("status"))) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Order(2)
    void anExtraSoldUnitFailsStockConservationNamingTheSku() throws Exception {
        update("inventory", "update product set sold = sold + 1, available = available - 1 where sku = ?", sku);
        try {
            failsOn("2", "SKU " + sku + ": sold");
        } finally {
            update("inventory", "update product set sold = sold - 1, available = available + 1 where sku = ?", sku);
        }
        passes();
    }

    @Test
    @Order(3)
    void anOrderThatOrderServiceLostIsFoundThroughTheParticipants() throws Exception {
        UUID id = UUID.fromString(completed);
        try (Connection c = db("orders"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String table : List.of("orders", "order_line", "order_timeline")) {
                String key = table.equals("orders") ? "id" : "order_id";
                st.execute("create table lost_" + table + " as select * from " + table + " where " + key + " = '" + id + "'");
            }
            st.execute("delete from order_timeline where order_id = '" + id + "'");
            st.execute("delete from order_line where order_id = '" + id + "'");
            st.execute("delete from orders where id = '" + id + "'");
            c.commit();
        }
        try {
            // stock then also disagrees (inventory sold what no known order holds): not alone
            failsOn("1", "order " + id + " is known to inventory-service but not to order-service", false);
        } finally {
            try (Connection c = db("orders"); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                for (String table : List.of("orders", "order_line", "order_timeline")) {
                    st.execute("insert into " + table + " select * from lost_" + table);
                    st.execute("drop table lost_" + table);
                }
                c.commit();
            }
        }
        passes();
    }

    @Test
    @Order(4)
    void aLiveShipmentForACancelledOrderFailsInvariantFour() throws Exception {
        UUID id = UUID.fromString(declinedWithKey);
        String before = null;
        try (Connection c = db("shipping"); PreparedStatement st = c.prepareStatement("select status from shipment where order_id = ?")) {
            st.setObject(1, id);
            var rs = st.executeQuery();
            if (rs.next()) {
                before = rs.getString(1);
            }
        }
        if (before == null) {
            update("shipping", "insert into shipment (order_id, shipment_id, status) values (?, ?, 'SCHEDULED')", id, UUID.randomUUID());
        } else {
            update("shipping", "update shipment set status = 'SCHEDULED' where order_id = ?", id);
        }
        try {
            failsOn("4", "order " + id + " (CANCELLED): shipping-service has 1 live shipment(s)");
        } finally {
            if (before == null) {
                update("shipping", "delete from shipment where order_id = ?", id);
            } else {
                update("shipping", "update shipment set status = ? where order_id = ?", before, id);
            }
        }
        passes();
    }

    @Test
    @Order(5)
    void aSecondOrderUnderOneIdempotencyKeyFailsInvariantFive() throws Exception {
        // the database refuses it (a unique index per customer and key): the index goes for the test
        UUID copy = UUID.randomUUID();
        try (Connection c = db("orders"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("drop index orders_idempotency_key");
            st.execute("create table duplicate_order as select * from orders where id = '" + declinedWithKey + "'");
            st.execute("update duplicate_order set id = '" + copy + "'");
            st.execute("insert into orders select * from duplicate_order");
            st.execute("drop table duplicate_order");
            c.commit();
        }
        try {
            failsOn("5", "Idempotency-Key '" + declinedKey + "' of customer");
        } finally {
            try (Connection c = db("orders"); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("delete from orders where id = '" + copy + "'");
                st.execute("create unique index orders_idempotency_key on orders (customer_id, idempotency_key) "
                        + "where idempotency_key is not null");
                c.commit();
            }
        }
        passes();
    }

    /**
     * A poison event ended by a replay: payment-service's handler fails on one order's StockReserved every
     * time (a trigger plays the bug), so after its retries the event is dead-lettered and the order waits;
     * once the cause is gone, an operator replays it with the dead-letter tool (the jar that
     * {@code deploy/local/stack dlq} runs), the order completes with one charge, and the audit passes.
     */
    @Test
    @Order(6)
    void aDeadLetteredEventReplayedWithTheDeadLetterToolCompletesItsOrderAndTheAuditPasses() throws Exception {
        update("payments", "create function replay_test() returns trigger language plpgsql as $$ begin "
                + "raise exception 'handler bug (test)'; end $$");
        update("payments", "create trigger replay_test before insert on payment for each row execute function replay_test()");
        String poisoned;
        String letter;
        try {
            poisoned = checkout.place(sku, 1, "tok_visa", "N1 9GU");
            letter = await(() -> deadLetters("list").lines()
                    // the order's only event payment-service inserts a payment for: its charge request
                    .filter(l -> l.contains("order " + poisoned)).findFirst().orElse(null));
            String waiting = checkout.order(poisoned).getString("status");
            assertFalse(Checkout.TERMINAL.contains(waiting), "the order waits while its event is a dead letter: " + waiting);
        } finally {
            update("payments", "drop trigger replay_test on payment");
            update("payments", "drop function replay_test()");
        }
        String at = letter.substring(0, letter.indexOf(' '));
        String replayed = deadLetters("replay", at);
        assertTrue(replayed.contains("1 dead letter(s) replayed"), replayed);

        assertEquals("COMPLETED", checkout.awaitTerminal(poisoned, SETTLE).getString("status"));
        passes();
    }

    /** The dead-letter tool as an operator runs it ({@code deploy/local/stack dlq ...}): its output. */
    private static String deadLetters(String... command) throws Exception {
        java.nio.file.Path jar = java.nio.file.Path.of(System.getProperty("checkout.root", ".."), "deploy/dead-letters/target/dead-letters.jar");
        assertTrue(java.nio.file.Files.exists(jar), jar + " (built by ./mvnw verify before this module)");
        List<String> args = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(),
                "--bootstrap", TestInfra.get().kafka().bootstrapServers()));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private static <T> T await(java.util.concurrent.Callable<T> found) {
        return org.awaitility.Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).until(found, java.util.Objects::nonNull);
    }

    /** Last: the provider's books cannot be undone. */
    @Test
    @Order(7)
    void aSecondChargeAtTheProviderFailsInvariantThreeThoughPaymentServiceLooksRight() {
        given().baseUri(stack.sandbox.baseUrl()).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", 2500, "currency", "EUR", "source", "tok_visa", "orderId", completed))
                .post("/v1/charges").then().statusCode(201);
        failsOn("3", "order " + completed + ": charged 2 times at the provider");
    }
}
