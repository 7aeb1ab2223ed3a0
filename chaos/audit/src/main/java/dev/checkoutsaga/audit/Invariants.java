package dev.checkoutsaga.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.checkoutsaga.audit.InvariantResult.Status;
import dev.checkoutsaga.audit.Snapshot.DirectPayment;
import dev.checkoutsaga.audit.Snapshot.Ledger;
import dev.checkoutsaga.audit.Snapshot.Order;
import dev.checkoutsaga.audit.Snapshot.Payments;
import dev.checkoutsaga.audit.Snapshot.Product;
import dev.checkoutsaga.audit.Snapshot.Shipments;

/**
 * The invariants of DESIGN.md section 3, checked on a {@link Snapshot} taken once the system is
 * quiet (faults healed, no load). Each check lists every offender, not only the first.
 */
public final class Invariants {
    static final String COMPLETED = "COMPLETED";
    static final String CANCELLED = "CANCELLED";
    static final String CAPTURED = "CAPTURED";
    static final String DECLINED = "DECLINED";

    private Invariants() {
    }

    public static List<InvariantResult> check(Snapshot s) {
        return List.of(everyOrderIsTerminal(s), stockIsConserved(s), moneyAddsUp(s), oneLiveShipmentPerCompletedOrder(s),
                idempotencyKeys(s));
    }

    /** 1. Every accepted order is COMPLETED or CANCELLED: none lost, none stuck. */
    static InvariantResult everyOrderIsTerminal(Snapshot s) {
        List<String> offenders = new ArrayList<>();
        for (Order o : s.orders()) {
            if (!COMPLETED.equals(o.status()) && !CANCELLED.equals(o.status())) {
                offenders.add("order " + o.id() + " is " + o.status());
            }
        }
        return result("1", "every order is COMPLETED or CANCELLED", offenders, s.orders().size() + " orders");
    }

    /** 2. Per SKU: received = available + reserved + sold; reserved = 0; sold = sum over COMPLETED orders. */
    static InvariantResult stockIsConserved(Snapshot s) {
        Map<String, Long> soldByOrders = new HashMap<>();
        for (Order o : s.orders()) {
            if (COMPLETED.equals(o.status()) && o.quantities() != null) {
                o.quantities().forEach((sku, q) -> soldByOrders.merge(sku, (long) q, Long::sum));
            }
        }
        List<String> offenders = new ArrayList<>();
        for (Product p : s.products()) {
            long held = p.available() + p.reserved() + p.sold();
            if (held != p.received()) {
                offenders.add("SKU " + p.sku() + ": received " + p.received() + " but available+reserved+sold = " + held);
            }
            if (p.reserved() != 0) {
                offenders.add("SKU " + p.sku() + ": " + p.reserved() + " still reserved");
            }
            long expectedSold = soldByOrders.getOrDefault(p.sku(), 0L);
            if (p.sold() != expectedSold) {
                offenders.add("SKU " + p.sku() + ": sold " + p.sold() + " but COMPLETED orders hold " + expectedSold);
            }
            if (p.available() < 0) {
                offenders.add("SKU " + p.sku() + ": negative available " + p.available());
            }
        }
        return result("2", "stock is conserved per SKU", offenders, s.products().size() + " SKUs");
    }

    /**
     * 3. Per order: captured - refunded = total if COMPLETED, 0 if CANCELLED, by payment-service's
     * records AND by the provider's ledger; no order charged twice.
     */
    static InvariantResult moneyAddsUp(Snapshot s) {
        List<String> offenders = new ArrayList<>();
        for (Order o : s.orders()) {
            long expected = COMPLETED.equals(o.status()) ? o.total() : 0;
            if (!COMPLETED.equals(o.status()) && !CANCELLED.equals(o.status())) {
                continue; // reported by invariant 1
            }
            Payments p = s.payments().getOrDefault(o.id(), new Payments(0, 0, 0));
            Ledger l = s.ledger().getOrDefault(o.id(), new Ledger(0, 0, 0, 0));
            if (p.captured() - p.refunded() != expected) {
                offenders.add("order " + o.id() + " (" + o.status() + ", total " + o.total() + " " + o.currency()
                        + "): payment-service nets " + (p.captured() - p.refunded()));
            }
            if (l.captured() - l.refunded() != expected) {
                offenders.add("order " + o.id() + " (" + o.status() + ", total " + o.total() + " " + o.currency()
                        + "): provider ledger nets " + (l.captured() - l.refunded()));
            }
            if (l.succeededCharges() > 1) {
                offenders.add("order " + o.id() + ": charged " + l.succeededCharges() + " times at the provider");
            }
            if (p.records() > 1) {
                offenders.add("order " + o.id() + ": " + p.records() + " payments in payment-service");
            }
        }
        orphans(s.ledger().keySet(), s, "provider ledger", offenders, id -> s.ledger().get(id).captured() > 0);
        return result("3", "money: captured - refunded = total if COMPLETED, 0 if CANCELLED; ledger agrees; no double charge",
                offenders, s.orders().size() + " orders");
    }

    /** 4. Exactly one live shipment per COMPLETED order; none for CANCELLED ones (service and carrier agree). */
    static InvariantResult oneLiveShipmentPerCompletedOrder(Snapshot s) {
        List<String> offenders = new ArrayList<>();
        for (Order o : s.orders()) {
            int expected;
            if (COMPLETED.equals(o.status())) {
                expected = 1;
            } else if (CANCELLED.equals(o.status())) {
                expected = 0;
            } else {
                continue;
            }
            Shipments sh = s.shipments().getOrDefault(o.id(), new Shipments(0, 0));
            Ledger l = s.ledger().getOrDefault(o.id(), new Ledger(0, 0, 0, 0));
            if (sh.live() != expected) {
                offenders.add("order " + o.id() + " (" + o.status() + "): shipping-service has " + sh.live() + " live shipment(s)");
            }
            if (l.liveShipments() != expected) {
                offenders.add("order " + o.id() + " (" + o.status() + "): carrier ledger has " + l.liveShipments()
                        + " live shipment(s)");
            }
        }
        orphans(s.ledger().keySet(), s, "carrier ledger", offenders, id -> s.ledger().get(id).liveShipments() > 0);
        return result("4", "exactly one live shipment per COMPLETED order, none for CANCELLED", offenders,
                s.orders().size() + " orders");
    }

    /**
     * One part of invariant 5, for one Idempotency-Key API: what it looked at ({@code scope}) and
     * what is wrong. A part returns null when it cannot be checked from the snapshot.
     */
    record KeyCheck(String api, String scope, List<String> offenders) {
    }

    /**
     * The parts of invariant 5, one per Idempotency-Key API. Add a part here for each new API (and
     * take it off {@link #IDEMPOTENCY_NOT_CHECKED_YET}).
     */
    static final List<java.util.function.Function<Snapshot, KeyCheck>> IDEMPOTENCY_CHECKS = List.of(
            Invariants::ordersPlacedOncePerKey, Invariants::directPaymentsChargedOnce);

    /** Idempotency-Key APIs invariant 5 does not check yet (named in its summary). */
    static final List<String> IDEMPOTENCY_NOT_CHECKED_YET = List.of();

    static final String IDEMPOTENCY_TITLE = "a repeated Idempotency-Key never creates a second order or payment";

    /** 5. A repeated Idempotency-Key never creates a second order or payment: every part of it must hold. */
    static InvariantResult idempotencyKeys(Snapshot s) {
        List<String> offenders = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        for (var check : IDEMPOTENCY_CHECKS) {
            KeyCheck part = check.apply(s);
            if (part != null) {
                scopes.add(part.api() + ": " + part.scope());
                offenders.addAll(part.offenders());
            }
        }
        if (scopes.isEmpty()) {
            return new InvariantResult("5", IDEMPOTENCY_TITLE, Status.SKIPPED, "nothing to check", List.of());
        }
        String pending = IDEMPOTENCY_NOT_CHECKED_YET.isEmpty() ? ""
                : "; not checked yet: " + String.join(", ", IDEMPOTENCY_NOT_CHECKED_YET);
        return result("5", IDEMPOTENCY_TITLE, offenders, String.join("; ", scopes) + pending);
    }

    /**
     * 5, POST /orders: one Idempotency-Key, one order. order-service keeps the key on the order it
     * placed (also when the order was accepted while its database was down and written later), so a
     * retried request that placed a second order would show as two orders with the same key.
     */
    static KeyCheck ordersPlacedOncePerKey(Snapshot s) {
        Map<String, List<UUID>> byKey = new java.util.TreeMap<>();
        for (Snapshot.Order o : s.orders()) {
            if (o.idempotencyKey() != null) {
                byKey.computeIfAbsent(o.idempotencyKey(), k -> new ArrayList<>()).add(o.id());
            }
        }
        List<String> offenders = new ArrayList<>();
        byKey.forEach((key, ids) -> {
            if (ids.size() > 1) {
                offenders.add("Idempotency-Key '" + key + "' placed " + ids.size() + " orders: " + ids);
            }
        });
        return new KeyCheck("POST /orders", byKey.size() + " orders placed with a key", offenders);
    }

    /**
     * 5, POST /payments: each direct payment was charged at most once, for exactly its amount. Its
     * id is derived from the client's key, and the provider books its charge under that id, so a
     * retried key that charged again would show as a second succeeded charge (or more money) under
     * the same id. CAPTURED: exactly one succeeded charge, the amount captured by the provider and
     * by payment-service. DECLINED: no money at the provider. Never a shipment.
     */
    static KeyCheck directPaymentsChargedOnce(Snapshot s) {
        List<String> offenders = new ArrayList<>();
        java.util.Set<UUID> seen = new java.util.HashSet<>();
        int captured = 0;
        for (DirectPayment d : s.directPayments()) {
            String what = "direct payment " + d.id() + " (" + d.status() + ", " + d.amount() + " " + d.currency() + ")";
            if (!seen.add(d.id())) {
                offenders.add(what + ": listed twice by payment-service");
                continue;
            }
            Ledger l = s.ledger().getOrDefault(d.id(), new Ledger(0, 0, 0, 0));
            switch (d.status()) {
                case CAPTURED -> {
                    captured++;
                    if (l.succeededCharges() != 1) {
                        offenders.add(what + ": " + l.succeededCharges() + " succeeded charge(s) at the provider, expected 1");
                    }
                    if (l.captured() != d.amount()) {
                        offenders.add(what + ": the provider captured " + l.captured());
                    }
                    if (d.captured() != d.amount()) {
                        offenders.add(what + ": payment-service shows " + d.captured() + " captured");
                    }
                }
                case DECLINED -> {
                    if (l.succeededCharges() != 0 || l.captured() != 0) {
                        offenders.add(what + ": declined, but the provider captured " + l.captured() + " in "
                                + l.succeededCharges() + " charge(s)");
                    }
                }
                default -> offenders.add(what + ": a direct payment is CAPTURED or DECLINED");
            }
            if (l.liveShipments() != 0) {
                offenders.add(what + ": " + l.liveShipments() + " live shipment(s) at the carrier");
            }
        }
        return new KeyCheck("POST /payments", s.directPayments().size() + " direct payments, " + captured + " captured",
                offenders);
    }

    /**
     * Money moved or goods booked at the third party under an id that is neither an order known to
     * order-service nor a direct payment known to payment-service (those are checked by invariant 5).
     */
    private static void orphans(Iterable<UUID> ids, Snapshot s, String where, List<String> offenders,
            java.util.function.Predicate<UUID> moved) {
        java.util.Set<UUID> known = new java.util.HashSet<>();
        s.orders().forEach(o -> known.add(o.id()));
        s.directPayments().forEach(d -> known.add(d.id()));
        for (UUID id : ids) {
            if (!known.contains(id) && moved.test(id)) {
                offenders.add("order " + id + " is unknown to order-service (and no direct payment of payment-service)"
                        + " but has activity in the " + where);
            }
        }
    }

    private static InvariantResult result(String id, String title, List<String> offenders, String scope) {
        return new InvariantResult(id, title, offenders.isEmpty() ? Status.PASS : Status.FAIL,
                scope + (offenders.isEmpty() ? "" : ", " + offenders.size() + " problem(s)"), List.copyOf(offenders));
    }
}
