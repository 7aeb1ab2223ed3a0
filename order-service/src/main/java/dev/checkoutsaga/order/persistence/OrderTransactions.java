package dev.checkoutsaga.order.persistence;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.OrderLine;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.OrderPlaced;
import dev.checkoutsaga.order.domain.NewOrder;
import dev.checkoutsaga.order.domain.OrderSaga;
import dev.checkoutsaga.order.domain.OrderSaga.Step;
import dev.checkoutsaga.order.domain.SagaState;
import dev.checkoutsaga.order.domain.TimelineEntry;
import dev.checkoutsaga.order.health.OrderMetrics;
import dev.checkoutsaga.outbox.IncomingEvent;
import dev.checkoutsaga.outbox.Outbox;
import dev.checkoutsaga.outbox.TraceContexts;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every write of order-service: each method feeds the state machine under the order's row lock and
 * persists the state, the timeline and the emitted events (outbox) in one transaction.
 */
@ApplicationScoped
public class OrderTransactions {
    private static final Logger LOG = Logger.getLogger(OrderTransactions.class);

    @Inject
    Outbox outbox;
    @Inject
    OrderStore store;
    @Inject
    OrderMetrics metrics;

    /** The customer's cancel: the order as it is afterwards and what the machine said. */
    public record CancelResult(OrderEntity order, OrderSaga.Outcome outcome) {
    }

    /** What placing wrote: the order row, its lines and its first timeline entry. */
    public record Placed(OrderEntity order, List<OrderLineEntity> lines, List<TimelineEntryEntity> timeline) {
    }

    /**
     * Order row + lines + first timeline entry + OrderPlaced, in ONE transaction: the event goes out iff
     * the order commits. {@code pricesFromCache} and {@code deferred} (accepted while the database was
     * down, written now) are noted on the first timeline entry. Joins the caller's transaction when
     * there is one (the Idempotency-Key claim's).
     */
    public Uni<Placed> place(NewOrder order, Context trace, boolean pricesFromCache, boolean deferred) {
        return place(order, trace, pricesFromCache, deferred, null);
    }

    /** As above, with {@code note} (when not null) added to the first timeline entry's detail. */
    public Uni<Placed> place(NewOrder order, Context trace, boolean pricesFromCache, boolean deferred, String note) {
        Placed rows = rows(order, trace, pricesFromCache, deferred, note);
        OrderPlaced placed = new OrderPlaced(order.id(), order.customerId(), order.lines(), order.total(),
                order.shippingAddress(), order.sealedPaymentToken(), order.deadline());
        return Panache.withTransaction(() -> rows.order().persist()
                .chain(() -> OrderLineEntity.persist(rows.lines()))
                .chain(() -> TimelineEntryEntity.persist(rows.timeline()))
                .chain(() -> outbox.emit(placed, trace))
                .replaceWith(rows));
    }

    /**
     * The rows an accepted order is written as, not persisted: also what the API shows of an order
     * accepted while the database is down, before it is written.
     */
    public static Placed rows(NewOrder order, Context trace, boolean pricesFromCache, boolean deferred) {
        return rows(order, trace, pricesFromCache, deferred, null);
    }

    private static Placed rows(NewOrder order, Context trace, boolean pricesFromCache, boolean deferred, String note) {
        TimelineEntryEntity first = TimelineEntryEntity.of(order.id(), new TimelineEntry("OrderPlaced",
                order.createdAt(), OrderSaga.SELF, order.lines().size() + " line(s), total " + order.total().amountMinor()
                        + " " + order.total().currency()
                        + (pricesFromCache ? "; prices from cache (inventory unavailable)" : "")
                        + (deferred ? "; accepted while the order database was unavailable" : "")
                        + (note == null ? "" : "; " + note)));
        return new Placed(newRow(order, trace), lineRows(order), List.of(first));
    }

    /**
     * Null item when the order does not exist or, with an {@code owner}, is not theirs (the same
     * answer: nobody learns that another customer's order exists).
     */
    public Uni<CancelResult> cancelByCustomer(UUID orderId, String owner, Context trace) {
        AfterCommit counted = new AfterCommit();
        return Panache.withTransaction(() -> store.lockById(orderId).flatMap(order -> {
            counted.clear(); // a retried transaction counts only its last attempt
            if (order == null || owner != null && !owner.equals(order.customerId)) {
                return Uni.createFrom().nullItem();
            }
            Step step = OrderSaga.cancelByCustomer(order.sagaState(), orderId, Instant.now());
            return record(order, step, trace, counted).replaceWith(new CancelResult(order, step.outcome()));
        })).invoke(counted::run);
    }

    /**
     * A participant's event; runs inside the inbox's transaction (see SagaInbox). True when it changed
     * the order (false: unknown order, or the machine ignored it as stale or repeated). What it counts
     * goes into {@code counted}, for the caller to run once the inbox's transaction has committed.
     */
    public Uni<Boolean> onParticipantEvent(IncomingEvent event, String service, AfterCommit counted) {
        return store.lockById(event.orderId()).flatMap(order -> {
            if (order == null) {
                // Not ours (or a test/foreign record): nothing to change, never retry it.
                LOG.warnf("%s for unknown order %s skipped", event.type().simpleName(), event.orderId());
                return Uni.createFrom().item(false);
            }
            Step step = OrderSaga.onEvent(order.sagaState(), event.data(), service, Instant.now());
            return record(order, step, event.traceContext(), counted).replaceWith(step.applied());
        });
    }

    /** Cancels up to {@code limit} overdue open orders in one transaction; returns their ids. */
    public Uni<List<UUID>> cancelOverdue(int limit) {
        Instant now = Instant.now();
        AfterCommit counted = new AfterCommit();
        return Panache.withTransaction(() -> store.lockOverdue(now, limit).flatMap(orders -> {
            counted.clear();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (OrderEntity order : orders) {
                // joins the trace of the request that placed the order: one order, one trace
                Context trace = TraceContexts.restore(order.traceParent, null);
                chain = chain.chain(() -> record(order,
                        OrderSaga.deadlinePassed(order.sagaState(), order.id, order.deadline, Instant.now()), trace,
                        counted));
            }
            return chain.replaceWith(orders.stream().map(o -> o.id).toList());
        })).invoke(counted::run);
    }

    /**
     * Persists a step's effects on the locked row and writes its events to the outbox, one after the
     * other; its metrics go into {@code counted}, run after the commit (never for a rolled-back attempt).
     */
    private Uni<Void> record(OrderEntity order, Step step, Context trace, AfterCommit counted) {
        if (!step.applied()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        order.apply(step.after(), now);
        List<TimelineEntryEntity> rows = step.timeline().stream().map(e -> TimelineEntryEntity.of(order.id, e)).toList();
        // A reactive session runs one operation at a time: chain, never fan out.
        Uni<Void> chain = rows.isEmpty() ? Uni.createFrom().voidItem() : TimelineEntryEntity.persist(rows);
        for (SagaEvent event : step.emitted()) {
            chain = chain.chain(() -> outbox.emit(event, trace)).replaceWithVoid();
        }
        return chain.invoke(() -> counted.add(() -> metrics.stepApplied(order.createdAt, step, now)));
    }

    /**
     * What a transaction counts, kept until it has committed: an attempt the inbox (or Panache) rolls
     * back and retries must not count twice. {@link #clear()} at the start of each attempt.
     */
    public static final class AfterCommit {
        private final List<Runnable> actions = new java.util.concurrent.CopyOnWriteArrayList<>();

        public void add(Runnable action) {
            actions.add(action);
        }

        public void clear() {
            actions.clear();
        }

        /** Runs what the committed attempt recorded, once. */
        public void run() {
            List<Runnable> now = List.copyOf(actions);
            actions.clear();
            now.forEach(Runnable::run);
        }
    }

    private static OrderEntity newRow(NewOrder order, Context trace) {
        OrderEntity row = new OrderEntity();
        row.id = order.id();
        row.customerId = order.customerId();
        row.currency = order.total().currency();
        row.totalAmount = order.total().amountMinor();
        row.paymentTokenHint = order.paymentTokenHint();
        row.shipName = order.shippingAddress().name();
        row.shipLine1 = order.shippingAddress().line1();
        row.shipLine2 = order.shippingAddress().line2();
        row.shipCity = order.shippingAddress().city();
        row.shipPostalCode = order.shippingAddress().postalCode();
        row.shipCountry = order.shippingAddress().country();
        row.deadline = order.deadline();
        row.traceParent = TraceContexts.capture(trace).get(TraceContexts.TRACEPARENT);
        row.idempotencyKey = order.idempotencyKey();
        row.createdAt = order.createdAt().truncatedTo(ChronoUnit.MICROS);
        row.apply(SagaState.placed(), row.createdAt);
        return row;
    }

    private static List<OrderLineEntity> lineRows(NewOrder order) {
        List<OrderLineEntity> rows = new java.util.ArrayList<>();
        int no = 0;
        for (OrderLine line : order.lines()) {
            OrderLineEntity row = new OrderLineEntity();
            row.orderId = order.id();
            row.lineNo = no++;
            row.sku = line.sku();
            row.quantity = line.quantity();
            row.unitPriceAmount = line.unitPrice().amountMinor();
            rows.add(row);
        }
        return rows;
    }
}
