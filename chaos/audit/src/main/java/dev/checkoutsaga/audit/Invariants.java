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
 * The invariants of docs/design.md section 3, checked on a {@link Snapshot} taken once the system is
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

    /**
     * 1. Every accepted order is COMPLETED or CANCELLED: none stuck, and none lost. An order that a
     * participant (inventory, payment, shipping) or the provider's ledger knows, and order-service
     * does not, was accepted once (only order-service starts a saga) and then lost.
     */
    static InvariantResult everyOrderIsTerminal(Snapshot s) {
        List<String> offenders = new ArrayList<>();
        for (Order o : s.orders()) {
            if (!COMPLETED.equals(o.status()) && !CANCELLED.equals(o.status())) {
                offenders.add("order " + o.id() + " is " + o.status());
            }
        }
        java.util.Set<UUID> known = new java.util.HashSet<>();
        s.orders().forEach(o -> known.add(o.id()));
        java.util.Set<UUID> direct = new java.util.HashSet<>();
        s.directPayments().forEach(d -> direct.add(d.id()));
        lost(s.orderStock().keySet(), known, "inventory-service", offenders);
        lost(s.payments().keySet(), known, "payment-service", offenders);
        lost(s.shipments().keySet(), known, "shipping-service", offenders);
        lost(s.ledger().keySet().stream().filter(id -> !direct.contains(id)).toList(), known,
                "the provider's ledger (and is no direct payment of payment-service)", offenders);
        return result("1", "every order is COMPLETED or CANCELLED, and none is lost", offenders, s.orders().size() + " orders");
    }

    private static void lost(java.util.Collection<UUID> ids, java.util.Set<UUID> known, String where, List<String> offenders) {
        ids.stream().filter(id -> !known.contains(id)).sorted()
                .forEach(id -> offenders.add("order " + id + " is known to " + where + " but not to order-service: a lost order"));
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
        java.util.Set<String> skus = new java.util.HashSet<>();
        s.products().forEach(p -> skus.add(p.sku()));
        soldByOrders.keySet().stream().filter(sku -> !skus.contains(sku)).sorted()
                .forEach(sku -> offenders.add("SKU " + sku + ": sold by COMPLETED orders but unknown to inventory-service"));
        offenders.addAll(inventoryAgreesPerOrder(s));
        return result("2", "stock is conserved per SKU, and inventory's record of each order agrees", offenders,
                s.products().size() + " SKUs, " + s.orderStock().size() + " orders at inventory");
    }

    /**
     * Per order: a COMPLETED order was SOLD by inventory with exactly its lines; a CANCELLED one holds
     * and took nothing (RELEASED, REJECTED, TOMBSTONE, or never seen).
     */
    private static List<String> inventoryAgreesPerOrder(Snapshot s) {
        List<String> offenders = new ArrayList<>();
        for (Order o : s.orders()) {
            Snapshot.OrderStock stock = s.orderStock().get(o.id());
            String status = stock == null ? "no record" : stock.status();
            if (COMPLETED.equals(o.status())) {
                if (!"SOLD".equals(status)) {
                    offenders.add("order " + o.id() + " (COMPLETED): inventory-service has " + status + ", expected SOLD");
                } else if (o.quantities() != null && !o.quantities().equals(stock.lines())) {
                    offenders.add("order " + o.id() + " (COMPLETED): inventory-service sold " + stock.lines()
                            + " but the order holds " + o.quantities());
                }
            } else if (CANCELLED.equals(o.status()) && ("SOLD".equals(status) || "RESERVED".equals(status))) {
                offenders.add("order " + o.id() + " (CANCELLED): inventory-service still has it " + status);
            }
        }
        return offenders;
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
     * 5, POST /orders: one Idempotency-Key (per customer), one order. order-service keeps the key on the order it
     * placed (also when the order was accepted while its database was down and written later), so a
     * retried request that placed a second order would show as two orders with the same key.
     */
    static KeyCheck ordersPlacedOncePerKey(Snapshot s) {
        Map<List<String>, List<UUID>> byKey = new java.util.TreeMap<>(java.util.Comparator
                .comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        int withoutKey = 0;
        for (Snapshot.Order o : s.orders()) {
            if (o.idempotencyKey() != null) {
                byKey.computeIfAbsent(List.of(o.customerId(), o.idempotencyKey()), k -> new ArrayList<>()).add(o.id());
            } else {
                withoutKey++;
            }
        }
        List<String> offenders = new ArrayList<>();
        byKey.forEach((key, ids) -> {
            if (ids.size() > 1) {
                offenders.add("Idempotency-Key '" + key.get(1) + "' of customer " + key.get(0) + " placed " + ids.size()
                        + " orders: " + ids);
            }
        });
        return new KeyCheck("POST /orders", byKey.size() + " orders placed with a key, " + withoutKey + " without",
                offenders);
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

    private static InvariantResult result(String id, String title, List<String> offenders, String scope) {
        return new InvariantResult(id, title, offenders.isEmpty() ? Status.PASS : Status.FAIL,
                scope + (offenders.isEmpty() ? "" : ", " + offenders.size() + " problem(s)"), List.copyOf(offenders));
    }
}
