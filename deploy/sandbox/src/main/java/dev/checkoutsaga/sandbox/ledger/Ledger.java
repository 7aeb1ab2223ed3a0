package dev.checkoutsaga.sandbox.ledger;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.checkoutsaga.sandbox.carrier.Shipment;
import dev.checkoutsaga.sandbox.payments.Charge;
import dev.checkoutsaga.sandbox.payments.Refund;
import dev.checkoutsaga.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The third parties' books, in memory: every charge (failed ones too), refund and shipment, and
 * per order what the audit compares against the services. Thread-safe: concurrent maps, refunds
 * serialized per charge, shipment state changes atomic per shipment.
 */
@ApplicationScoped
public class Ledger {

    /** What one order has at the provider and the carrier; ids in the order they were recorded. */
    private static final class OrderBook {
        final UUID orderId;
        final long sequence;
        final List<String> chargeIds = new CopyOnWriteArrayList<>();
        final List<Refund> refunds = new CopyOnWriteArrayList<>();
        final List<String> shipmentIds = new CopyOnWriteArrayList<>();

        OrderBook(UUID orderId, long sequence) {
            this.orderId = orderId;
            this.sequence = sequence;
        }
    }

    /** A shipment after a cancel request, and whether that request changed it. */
    public record Cancellation(Shipment shipment, boolean changed) {
    }

    private final ConcurrentHashMap<String, ChargeAccount> charges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Shipment> shipments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, OrderBook> orders = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    public void recordCharge(Charge charge) {
        charges.put(charge.id(), new ChargeAccount(charge));
        book(charge.orderId()).chargeIds.add(charge.id());
    }

    public Optional<Charge> charge(String id) {
        return Optional.ofNullable(charges.get(id)).map(ChargeAccount::view);
    }

    /**
     * Refunds {@code amount} (null = the remaining refundable amount) of charge {@code chargeId},
     * atomically per charge: concurrent refunds never add up to more than was captured.
     *
     * @throws ProblemException 404 unknown charge; 409 not succeeded, fully refunded, or too much
     */
    public Refund refund(String chargeId, Long amount, String refundId, Instant now) {
        ChargeAccount account = charges.get(chargeId);
        if (account == null) {
            throw ProblemException.notFound("charge " + chargeId);
        }
        Refund refund = account.refund(amount, refundId, now);
        book(refund.orderId()).refunds.add(refund);
        return refund;
    }

    public void recordShipment(Shipment shipment) {
        shipments.put(shipment.id(), shipment);
        book(shipment.orderId()).shipmentIds.add(shipment.id());
    }

    public Optional<Shipment> shipment(String id) {
        return Optional.ofNullable(shipments.get(id));
    }

    /** Cancels a booked shipment; a cancelled one stays as it is. Empty if unknown. */
    public Optional<Cancellation> cancelShipment(String id, Instant now) {
        AtomicReference<Shipment> before = new AtomicReference<>();
        Shipment after = shipments.computeIfPresent(id, (k, s) -> {
            before.set(s);
            return s.cancelled(now);
        });
        return Optional.ofNullable(after).map(s -> new Cancellation(s, s != before.get()));
    }

    /** One order's books (all zeros and empty lists for an order the sandbox never saw). */
    public OrderLedger order(UUID orderId) {
        OrderBook book = orders.get(orderId);
        if (book == null) {
            return OrderLedger.of(orderId, List.of(), List.of(), List.of());
        }
        return OrderLedger.of(orderId, charges(book), List.copyOf(book.refunds), shipments(book));
    }

    /** Totals per order, in the order the sandbox first saw them, at most {@code limit} orders. */
    public LedgerSummary summary(int limit) {
        List<OrderBook> books = orders.values().stream()
                .sorted(Comparator.comparingLong(b -> b.sequence))
                .toList();
        List<LedgerSummary.OrderTotals> totals = books.stream().limit(limit)
                .map(b -> LedgerSummary.OrderTotals.of(OrderLedger.of(b.orderId, charges(b), List.copyOf(b.refunds), shipments(b))))
                .toList();
        return new LedgerSummary(books.size(), books.size() > limit, totals);
    }

    /** The whole ledger as plain data, to keep it across restarts (see {@code SandboxState}). */
    public record State(List<SavedCharge> charges, List<Shipment> shipments, List<SavedOrder> orders) {
    }

    public record SavedCharge(Charge charge, long refunded) {
    }

    public record SavedOrder(UUID orderId, long sequence, List<String> chargeIds, List<Refund> refunds,
            List<String> shipmentIds) {
    }

    public State snapshot() {
        return new State(
                charges.values().stream().map(a -> new SavedCharge(a.charge(), a.refunded())).toList(),
                List.copyOf(shipments.values()),
                orders.values().stream().map(b -> new SavedOrder(b.orderId, b.sequence, List.copyOf(b.chargeIds),
                        List.copyOf(b.refunds), List.copyOf(b.shipmentIds))).toList());
    }

    /** Replaces the ledger with a snapshot (at start-up, before any request). */
    public void restore(State state) {
        clear();
        state.charges().forEach(c -> charges.put(c.charge().id(), new ChargeAccount(c.charge(), c.refunded())));
        state.shipments().forEach(sh -> shipments.put(sh.id(), sh));
        long max = 0;
        for (SavedOrder o : state.orders()) {
            OrderBook book = new OrderBook(o.orderId(), o.sequence());
            book.chargeIds.addAll(o.chargeIds());
            book.refunds.addAll(o.refunds());
            book.shipmentIds.addAll(o.shipmentIds());
            orders.put(o.orderId(), book);
            max = Math.max(max, o.sequence());
        }
        sequence.set(max);
    }

    /** Forgets everything (admin reset). */
    public void clear() {
        orders.clear();
        charges.clear();
        shipments.clear();
    }

    private OrderBook book(UUID orderId) {
        return orders.computeIfAbsent(orderId, id -> new OrderBook(id, sequence.incrementAndGet()));
    }

    private List<Charge> charges(OrderBook book) {
        return book.chargeIds.stream().map(charges::get).filter(Objects::nonNull).map(ChargeAccount::view).toList();
    }

    private List<Shipment> shipments(OrderBook book) {
        return book.shipmentIds.stream().map(shipments::get).filter(Objects::nonNull).toList();
    }
}
