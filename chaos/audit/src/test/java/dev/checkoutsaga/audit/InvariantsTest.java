package dev.checkoutsaga.audit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.audit.InvariantResult.Status;
import dev.checkoutsaga.audit.Snapshot.DirectPayment;
import dev.checkoutsaga.audit.Snapshot.Ledger;
import dev.checkoutsaga.audit.Snapshot.Order;
import dev.checkoutsaga.audit.Snapshot.OrderStock;
import dev.checkoutsaga.audit.Snapshot.Payments;
import dev.checkoutsaga.audit.Snapshot.Product;
import dev.checkoutsaga.audit.Snapshot.Shipments;

class InvariantsTest {
    private final UUID completed = UUID.randomUUID();
    private final UUID cancelled = UUID.randomUUID();

    /** One completed order (2 x SKU-1, 3998 EUR) and one refunded, cancelled order: everything consistent. */
    private Snapshot healthy() {
        List<Order> orders = List.of(new Order(completed, "COMPLETED", 3998, "EUR", Map.of("SKU-1", 2)),
                new Order(cancelled, "CANCELLED", 500, "EUR", null));
        List<Product> products = List.of(new Product("SKU-1", 10, 8, 0, 2));
        Map<UUID, Payments> payments = new HashMap<>(Map.of(completed, new Payments(3998, 0, 1),
                cancelled, new Payments(500, 500, 1)));
        Map<UUID, Shipments> shipments = new HashMap<>(Map.of(completed, new Shipments(1, 1), cancelled, new Shipments(0, 1)));
        Map<UUID, Ledger> ledger = new HashMap<>(Map.of(completed, new Ledger(3998, 0, 1, 1), cancelled, new Ledger(500, 500, 1, 0)));
        Map<UUID, OrderStock> stock = new HashMap<>(Map.of(completed, new OrderStock("SOLD", Map.of("SKU-1", 2)),
                cancelled, new OrderStock("RELEASED", Map.of("SKU-1", 1))));
        return new Snapshot(orders, products, payments, shipments, stock, ledger, List.of());
    }

    private static InvariantResult byId(List<InvariantResult> results, String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aConsistentSystemPassesEveryCheckedInvariant() {
        AuditReport report = AuditReport.of(healthy());
        assertTrue(report.passed(), report.render());
        assertEquals(Status.PASS, byId(report.results(), "5").status());
        assertTrue(report.render().contains("RESULT: PASS"));
    }

    @Test
    void aStuckOrderFailsInvariantOne() {
        Snapshot s = healthy();
        UUID stuck = UUID.randomUUID();
        List<Order> orders = new java.util.ArrayList<>(s.orders());
        orders.add(new Order(stuck, "PAID", 100, "EUR", null));
        AuditReport report = AuditReport.of(s.withOrders(orders));
        assertFalse(report.passed());
        assertTrue(byId(report.results(), "1").offenders().get(0).contains(stuck.toString()));
    }

    @Test
    void stockThatLeakedOrIsStillReservedFailsInvariantTwo() {
        Snapshot s = healthy();
        Snapshot leaked = s.withProducts(List.of(new Product("SKU-1", 10, 7, 1, 2)));
        InvariantResult r = byId(Invariants.check(leaked), "2");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.offenders().stream().anyMatch(o -> o.contains("still reserved")), r.offenders().toString());
    }

    @Test
    void soldThatDoesNotMatchCompletedOrdersFailsInvariantTwo() {
        Snapshot s = healthy();
        Snapshot oversold = s.withProducts(List.of(new Product("SKU-1", 10, 7, 0, 3)));
        assertTrue(byId(Invariants.check(oversold), "2").offenders().stream().anyMatch(o -> o.contains("sold 3")));
    }

    @Test
    void aDoubleChargeAtTheProviderFailsInvariantThreeEvenWhenTheServiceLooksRight() {
        Snapshot s = healthy();
        s.ledger().put(completed, new Ledger(7996, 0, 2, 1));
        InvariantResult r = byId(Invariants.check(s), "3");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.offenders().stream().anyMatch(o -> o.contains("charged 2 times")), r.offenders().toString());
    }

    @Test
    void aCancelledOrderThatWasNotRefundedFailsInvariantThree() {
        Snapshot s = healthy();
        s.payments().put(cancelled, new Payments(500, 0, 1));
        s.ledger().put(cancelled, new Ledger(500, 0, 1, 0));
        assertEquals(2, byId(Invariants.check(s), "3").offenders().size());
    }

    @Test
    void anOrderTheProviderKnowsAndOrderServiceDoesNotIsALostOrder() {
        Snapshot s = healthy();
        UUID lost = UUID.randomUUID();
        s.ledger().put(lost, new Ledger(0, 0, 0, 0)); // even a declined charge: the order was accepted once
        InvariantResult r = byId(Invariants.check(s), "1");
        assertEquals(Status.FAIL, r.status());
        assertEquals(List.of("order " + lost + " is known to the provider's ledger (and is no direct payment of "
                + "payment-service) but not to order-service: a lost order"), r.offenders());
    }

    @Test
    void anOrderAParticipantKnowsAndOrderServiceDoesNotIsALostOrder() {
        Snapshot s = healthy();
        UUID lost = UUID.randomUUID();
        s.orderStock().put(lost, new OrderStock("RELEASED", Map.of("SKU-1", 1)));
        s.payments().put(lost, new Payments(0, 0, 1));
        s.shipments().put(lost, new Shipments(0, 1));
        InvariantResult r = byId(Invariants.check(s), "1");
        assertEquals(3, r.offenders().size(), r.offenders().toString());
        for (String service : List.of("inventory-service", "payment-service", "shipping-service")) {
            assertTrue(r.offenders().stream().anyMatch(o -> o.contains(lost.toString()) && o.contains(service)), service);
        }
    }

    @Test
    void aCompletedOrderThatInventoryDidNotSellAsOrderedFailsInvariantTwo() {
        Snapshot s = healthy();
        s.orderStock().put(completed, new OrderStock("SOLD", Map.of("SKU-1", 3)));
        s.orderStock().put(cancelled, new OrderStock("RESERVED", Map.of("SKU-1", 1)));
        InvariantResult r = byId(Invariants.check(s), "2");
        assertEquals(2, r.offenders().size(), r.offenders().toString());
        assertTrue(r.offenders().get(0).contains(completed + " (COMPLETED): inventory-service sold {SKU-1=3}"), r.offenders().get(0));
        assertTrue(r.offenders().get(1).contains(cancelled + " (CANCELLED): inventory-service still has it RESERVED"));
        s.orderStock().remove(completed);
        assertTrue(byId(Invariants.check(s), "2").offenders().stream()
                .anyMatch(o -> o.contains(completed + " (COMPLETED): inventory-service has no record")));
    }

    @Test
    void aSkuSoldByCompletedOrdersThatInventoryDoesNotListFailsInvariantTwo() {
        Snapshot s = healthy().withProducts(List.of());
        assertTrue(byId(Invariants.check(s), "2").offenders()
                .contains("SKU SKU-1: sold by COMPLETED orders but unknown to inventory-service"));
    }

    @Test
    void aLiveShipmentForACancelledOrderOrNoneForACompletedOneFailsInvariantFour() {
        Snapshot s = healthy();
        s.shipments().put(cancelled, new Shipments(1, 1));
        s.ledger().put(completed, new Ledger(3998, 0, 1, 0));
        InvariantResult r = byId(Invariants.check(s), "4");
        assertEquals(2, r.offenders().size(), r.offenders().toString());
    }

    // ---- invariant 5, POST /payments: direct payments ----

    private final UUID direct = UUID.randomUUID();
    private final UUID declinedDirect = UUID.randomUUID();

    /** {@link #healthy()} plus a captured direct payment (1999) and a declined one, booked under their ids. */
    private Snapshot withDirectPayments(Ledger capturedBooks, Ledger declinedBooks, DirectPayment... extra) {
        Snapshot s = healthy();
        List<DirectPayment> payments = new java.util.ArrayList<>(List.of(
                new DirectPayment(direct, "CAPTURED", 1999, "EUR", 1999),
                new DirectPayment(declinedDirect, "DECLINED", 500, "EUR", 0)));
        payments.addAll(List.of(extra));
        s.ledger().put(direct, capturedBooks);
        if (declinedBooks != null) {
            s.ledger().put(declinedDirect, declinedBooks);
        }
        return s.withDirectPayments(payments);
    }

    @Test
    void aDirectPaymentCapturedOnceForItsAmountPassesInvariantFiveAndIsNoLostOrder() {
        AuditReport report = AuditReport.of(withDirectPayments(new Ledger(1999, 0, 1, 0), new Ledger(0, 0, 0, 0)));
        assertTrue(report.passed(), report.render());
        InvariantResult five = byId(report.results(), "5");
        assertEquals(Status.PASS, five.status());
        assertTrue(five.summary().contains("2 direct payments, 1 captured"), five.summary());
        assertTrue(byId(report.results(), "1").offenders().isEmpty());
    }

    @Test
    void aDirectPaymentChargedTwiceAtTheProviderFailsInvariantFive() {
        InvariantResult r = byId(Invariants.check(withDirectPayments(new Ledger(3998, 0, 2, 0), null)), "5");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.offenders().stream().anyMatch(o -> o.contains(direct.toString()) && o.contains("2 succeeded charge(s)")),
                r.offenders().toString());
        assertTrue(r.offenders().stream().anyMatch(o -> o.contains("the provider captured 3998")), r.offenders().toString());
    }

    @Test
    void aCapturedDirectPaymentTheProviderNeverChargedFailsInvariantFive() {
        Snapshot s = withDirectPayments(new Ledger(0, 0, 0, 0), null);
        s.ledger().remove(direct);
        InvariantResult r = byId(Invariants.check(s), "5");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.offenders().stream().anyMatch(o -> o.contains("0 succeeded charge(s)")), r.offenders().toString());
    }

    @Test
    void aDirectPaymentWhoseAmountDiffersFromTheCaptureFailsInvariantFive() {
        InvariantResult r = byId(Invariants.check(withDirectPayments(new Ledger(1500, 0, 1, 0), null)), "5");
        assertEquals(1, r.offenders().size(), r.offenders().toString());
        assertTrue(r.offenders().get(0).contains("the provider captured 1500"));
    }

    @Test
    void aDeclinedDirectPaymentWithMoneyAtTheProviderFailsInvariantFive() {
        InvariantResult r = byId(Invariants.check(withDirectPayments(new Ledger(1999, 0, 1, 0), new Ledger(500, 0, 1, 0))), "5");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.offenders().stream().anyMatch(o -> o.contains(declinedDirect.toString()) && o.contains("declined")),
                r.offenders().toString());
    }

    @Test
    void aDirectPaymentListedTwiceOrWithAnotherStatusFailsInvariantFive() {
        Snapshot s = withDirectPayments(new Ledger(1999, 0, 1, 0), null,
                new DirectPayment(direct, "CAPTURED", 1999, "EUR", 1999),
                new DirectPayment(UUID.randomUUID(), "REFUNDED", 100, "EUR", 100));
        InvariantResult r = byId(Invariants.check(s), "5");
        assertEquals(2, r.offenders().size(), r.offenders().toString());
    }

    @Test
    void moneyUnderAnIdThatIsNeitherAnOrderNorADirectPaymentIsALostOrder() {
        Snapshot s = withDirectPayments(new Ledger(1999, 0, 1, 0), null);
        UUID unknown = UUID.randomUUID();
        s.ledger().put(unknown, new Ledger(700, 0, 1, 0));
        InvariantResult one = byId(Invariants.check(s), "1");
        assertEquals(1, one.offenders().size(), one.offenders().toString());
        assertTrue(one.offenders().get(0).contains(unknown.toString()));
    }

    @Test
    void withoutDirectPaymentsInvariantFiveHasNothingToFlag() {
        InvariantResult r = byId(Invariants.check(healthy()), "5");
        assertEquals(Status.PASS, r.status());
        assertTrue(r.summary().contains("0 direct payments"), r.summary());
    }

    @Test
    void twoOrdersPlacedWithOneIdempotencyKeyFailInvariantFive() {
        Snapshot base = healthy();
        List<Order> orders = new ArrayList<>(base.orders());
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        orders.add(new Order(first, "c-1", "CANCELLED", 100, "EUR", null, "key-1"));
        orders.add(new Order(second, "c-1", "CANCELLED", 100, "EUR", null, "key-1"));
        orders.add(new Order(UUID.randomUUID(), "c-1", "CANCELLED", 100, "EUR", null, "key-2"));
        // another customer may use the same key: that is another request, not a repeat
        orders.add(new Order(UUID.randomUUID(), "c-2", "CANCELLED", 100, "EUR", null, "key-1"));
        Snapshot s = base.withOrders(orders);
        InvariantResult r = byId(Invariants.check(s), "5");
        assertEquals(Status.FAIL, r.status());
        assertEquals(1, r.offenders().size(), r.offenders().toString());
        assertTrue(r.offenders().get(0).contains("key-1") && r.offenders().get(0).contains(first.toString())
                && r.offenders().get(0).contains(second.toString()), r.offenders().get(0));
        assertTrue(r.summary().contains("POST /orders: 3 orders placed with a key"), r.summary());
    }

    @Test
    void oneOrderPerIdempotencyKeyPassesInvariantFiveWithNothingLeftUnchecked() {
        InvariantResult r = byId(Invariants.check(healthy()), "5");
        assertEquals(Status.PASS, r.status());
        assertTrue(r.summary().contains("POST /orders") && !r.summary().contains("not checked yet"), r.summary());
    }
}
