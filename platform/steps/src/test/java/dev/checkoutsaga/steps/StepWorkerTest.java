package dev.checkoutsaga.steps;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.CheckoutInfraResource;
import dev.checkoutsaga.outbox.TraceContexts;
import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The pending-step worker against a real PostgreSQL, with the safety-net poll set to ten minutes
 * (see src/test/resources/application.properties): whatever runs here ran because a commit woke
 * the worker or because a step fell due, never because of the poll.
 */
@QuarkusTest
@QuarkusTestResource(value = CheckoutInfraResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "database", value = "steps"), @ResourceArg(name = "services", value = "postgres") })
class StepWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    PendingSteps pendingSteps;
    @Inject
    RecordingStepHandler handler;
    @Inject
    AgroalDataSource db;

    @BeforeEach
    void noStepLeftOver() {
        await().atMost(WAIT).until(() -> pendingRows() == 0);
    }

    @Test
    void aStepRunsAsSoonAsTheTransactionThatRegisteredItCommits() throws Throwable {
        UUID order = UUID.randomUUID();
        inTransaction(() -> pendingSteps.schedule(order, RecordingStepHandler.KIND, Context.root()));

        await().atMost(WAIT).until(() -> handler.runsOf(order).size() == 1);
        await().atMost(WAIT).until(() -> pendingRows() == 0);
        assertEquals(1, handler.runsOf(order).get(0).attempt());
    }

    @Test
    void aStepOfARolledBackTransactionNeverRuns() throws Throwable {
        UUID rolledBack = UUID.randomUUID();
        try {
            inTransaction(() -> pendingSteps.schedule(rolledBack, RecordingStepHandler.KIND, Context.root())
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("the decision failed"))));
        } catch (IllegalStateException expected) {
            // the registering transaction rolled back
        }
        UUID committed = UUID.randomUUID();
        inTransaction(() -> pendingSteps.schedule(committed, RecordingStepHandler.KIND, Context.root()));

        await().atMost(WAIT).until(() -> handler.runsOf(committed).size() == 1);
        assertTrue(handler.runsOf(rolledBack).isEmpty(), "the rolled-back step ran");
        assertEquals(0, pendingRows());
    }

    @Test
    void manyStepsRunConcurrentlyWithinTheBoundAndEachExactlyOnce() throws Throwable {
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID order = UUID.randomUUID();
            handler.slowness.put(order, Duration.ofMillis(100));
            orders.add(order);
        }
        handler.mostAtOnce.set(0);
        inTransaction(() -> {
            Uni<Boolean> all = Uni.createFrom().item(true);
            for (UUID order : orders) {
                all = all.chain(() -> pendingSteps.schedule(order, RecordingStepHandler.KIND, Context.root()));
            }
            return all;
        });

        await().atMost(WAIT).until(() -> orders.stream().allMatch(o -> !handler.runsOf(o).isEmpty())
                && pendingRows() == 0);
        Map<UUID, Long> runsPerStep = handler.runs.stream().filter(r -> orders.contains(r.orderId()))
                .collect(Collectors.groupingBy(RecordingStepHandler.Run::orderId, Collectors.counting()));
        assertTrue(runsPerStep.values().stream().allMatch(n -> n == 1), "a step ran twice: " + runsPerStep);
        assertEquals(4, handler.mostAtOnce.get(), "steps at once, bounded by saga.steps.concurrency=4");
    }

    @Test
    void aFailedStepIsTriedAgainWhenItsBackoffEndsNotAtThePoll() throws Throwable {
        UUID order = UUID.randomUUID();
        handler.failuresLeft.put(order, new AtomicInteger(2));
        inTransaction(() -> pendingSteps.schedule(order, RecordingStepHandler.KIND, Context.root()));

        await().atMost(WAIT).until(() -> handler.runsOf(order).size() == 3 && pendingRows() == 0);
        assertEquals(List.of(1, 2, 3), handler.runsOf(order).stream().map(RecordingStepHandler.Run::attempt).toList());
    }

    @Test
    void everyRunOfAStepIsASpanInTheTraceThatRegisteredItAndAFailedRunIsMarkedAsAnError() throws Throwable {
        UUID order = UUID.randomUUID();
        String registrant = "00-" + order.toString().replace("-", "") + "-00f067aa0ba902b7-01";
        handler.failuresLeft.put(order, new AtomicInteger(1));
        inTransaction(() -> pendingSteps.schedule(order, RecordingStepHandler.KIND, TraceContexts.restore(registrant, null)));

        await().atMost(WAIT).until(() -> handler.runsOf(order).size() == 2 && pendingRows() == 0);
        List<RecordingStepHandler.Run> runs = handler.runsOf(order);
        for (RecordingStepHandler.Run run : runs) {
            ReadableSpan span = (ReadableSpan) run.span();
            assertEquals(TraceContexts.traceIdOf(registrant), span.getSpanContext().getTraceId(), "the registrant's trace");
            assertEquals("00f067aa0ba902b7", span.getParentSpanContext().getSpanId(), "a child of the registrant's span");
            assertEquals("steps-test step test", span.getName());
            assertEquals(span.getSpanContext(), run.currentWhileRunning(), "the span is current while the handler runs");
            await().atMost(WAIT).until(span::hasEnded);
        }
        assertFalse(runs.get(0).span().getSpanContext().equals(runs.get(1).span().getSpanContext()), "one span per run");
        assertEquals(StatusCode.ERROR, ((ReadableSpan) runs.get(0).span()).toSpanData().getStatus().getStatusCode());
        assertEquals(StatusCode.UNSET, ((ReadableSpan) runs.get(1).span()).toSpanData().getStatus().getStatusCode());
        assertEquals(2L, ((ReadableSpan) runs.get(1).span()).getAttribute(
                io.opentelemetry.api.common.AttributeKey.longKey("checkout.step.attempt")));
    }

    @Test
    void aStepOfAKindWithoutAHandlerHereIsKeptAndRetriedLaterNotDropped() throws Throwable {
        UUID order = UUID.randomUUID();
        inTransaction(() -> pendingSteps.schedule(order, "kind-of-a-newer-release", Context.root()));
        try {
            await().atMost(WAIT).until(() -> lastErrorOf(order) != null);
            assertTrue(lastErrorOf(order).contains("no handler for step kind kind-of-a-newer-release"), lastErrorOf(order));
        } finally {
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("delete from pending_step where order_id = ?")) {
                ps.setObject(1, order);
                ps.executeUpdate();
            }
        }
    }

    @Test
    void aStepWhoseWorkerDiedIsTakenOverWhenItsLeaseEnds() throws Exception {
        UUID order = UUID.randomUUID();
        Instant leaseEnd;
        // What a replica leaves behind when it dies right after claiming a step: attempts bumped,
        // the row leased for 1.5 s. Its registration had notified the channel, which woke this worker.
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into pending_step (id, order_id, kind, attempts, "
                    + "next_attempt_at) values (?, ?, ?, 1, now() + interval '1.5 seconds') returning next_attempt_at")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setObject(2, order);
                ps.setString(3, RecordingStepHandler.KIND);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    leaseEnd = rs.getTimestamp(1).toInstant();
                }
            }
            c.createStatement().execute("select pg_notify('" + PendingSteps.CHANNEL + "', '')");
            c.commit();
        }

        await().atMost(WAIT).until(() -> handler.runsOf(order).size() == 1 && pendingRows() == 0);
        RecordingStepHandler.Run run = handler.runsOf(order).get(0);
        assertEquals(2, run.attempt(), "taken over as the second attempt");
        assertFalse(run.at().isBefore(leaseEnd.minusMillis(50)), "ran at " + run.at() + " inside the lease ending " + leaseEnd);
    }

    @Test
    void parkedStepsRunAsSoonAsAStepOfTheirKindSucceedsAfterFailingNotWhenTheirBackoffEnds() throws Throwable {
        // Two orders that failed during an outage: one parked for ten minutes, one whose worker
        // is running it (leased for ten minutes; its lease must be respected).
        UUID parked = UUID.randomUUID();
        UUID leased = UUID.randomUUID();
        insertStep(parked, true);
        insertStep(leased, false);
        // the third party fails once more, then answers: this step's success shows it is back
        UUID recovering = UUID.randomUUID();
        handler.failuresLeft.put(recovering, new AtomicInteger(1));
        inTransaction(() -> pendingSteps.schedule(recovering, RecordingStepHandler.KIND, Context.root()));

        await().atMost(WAIT).until(() -> handler.runsOf(parked).size() == 1 && pendingRows() == 1);
        assertEquals(List.of(1, 2), handler.runsOf(recovering).stream().map(RecordingStepHandler.Run::attempt).toList());
        assertEquals(4, handler.runsOf(parked).get(0).attempt(), "the parked step's fourth attempt");
        assertTrue(handler.runsOf(leased).isEmpty(), "a leased step was taken from its worker");
        try (Connection c = db.getConnection()) {
            c.createStatement().execute("delete from pending_step where order_id = '" + leased + "'");
        }
    }

    /** A step after three failed runs: parked (waiting out its backoff) or leased (being run), due in ten minutes. */
    private void insertStep(UUID order, boolean parked) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("insert into pending_step "
                + "(id, order_id, kind, attempts, next_attempt_at, last_error, parked) "
                + "values (?, ?, ?, 3, now() + interval '10 minutes', 'third party down', ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, order);
            ps.setString(3, RecordingStepHandler.KIND);
            ps.setBoolean(4, parked);
            ps.executeUpdate();
        }
    }

    private static void inTransaction(java.util.function.Supplier<Uni<?>> work) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work::get).replaceWithVoid());
    }

    private String lastErrorOf(UUID order) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select last_error from pending_step where order_id = ?")) {
            ps.setObject(1, order);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private int pendingRows() throws SQLException {
        try (Connection c = db.getConnection();
                ResultSet rs = c.createStatement().executeQuery("select count(*) from pending_step")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
