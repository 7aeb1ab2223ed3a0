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
        return new Snapshot(orders, products, payments, shipments, ledger);
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
        AuditReport report = AuditReport.of(new Snapshot(orders, s.products(), s.payments(), s.shipments(), s.ledger()));
        assertFalse(report.passed());
        assertTrue(byId(report.results(), "1").offenders().get(0).contains(stuck.toString()));
    }

    @Test
    void stockThatLeakedOrIsStillReservedFailsInvariantTwo() {
        Snapshot s = healthy();
        Snapshot leaked = new Snapshot(s.orders(), List.of(new Product("SKU-1", 10, 7, 1, 2)), s.payments(),
                s.shipments(), s.ledger());
        InvariantResult r = byId(Invariants.check(leaked), "2");
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.offenders().stream().anyMatch(o -> o.contains("still reserved")), r.offenders().toString());
    }

    @Test
    void soldThatDoesNotMatchCompletedOrdersFailsInvariantTwo() {
        Snapshot s = healthy();
        Snapshot oversold = new Snapshot(s.orders(), List.of(new Product("SKU-1", 10, 7, 0, 3)), s.payments(),
                s.shipments(), s.ledger());
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
    void moneyAtTheProviderForAnOrderNobodyKnowsIsReported() {
        Snapshot s = healthy();
        s.ledger().put(UUID.randomUUID(), new Ledger(100, 0, 1, 0));
        assertTrue(byId(Invariants.check(s), "3").offenders().stream().anyMatch(o -> o.contains("unknown to order-service")));
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
        return new Snapshot(s.orders(), s.products(), s.payments(), s.shipments(), s.ledger(), payments);
    }

    @Test
    void aDirectPaymentCapturedOnceForItsAmountPassesInvariantFiveAndIsNoOrphanOfThreeOrFour() {
        AuditReport report = AuditReport.of(withDirectPayments(new Ledger(1999, 0, 1, 0), new Ledger(0, 0, 0, 0)));
        assertTrue(report.passed(), report.render());
        InvariantResult five = byId(report.results(), "5");
        assertEquals(Status.PASS, five.status());
        assertTrue(five.summary().contains("2 direct payments, 1 captured"), five.summary());
        assertTrue(byId(report.results(), "3").offenders().isEmpty());
        assertTrue(byId(report.results(), "4").offenders().isEmpty());
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
    void moneyUnderAnIdThatIsNeitherAnOrderNorADirectPaymentIsStillAnOrphan() {
        Snapshot s = withDirectPayments(new Ledger(1999, 0, 1, 0), null);
        UUID unknown = UUID.randomUUID();
        s.ledger().put(unknown, new Ledger(700, 0, 1, 0));
        InvariantResult three = byId(Invariants.check(s), "3");
        assertEquals(1, three.offenders().size(), three.offenders().toString());
        assertTrue(three.offenders().get(0).contains(unknown.toString()));
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
        orders.add(new Order(first, "CANCELLED", 100, "EUR", null, "key-1"));
        orders.add(new Order(second, "CANCELLED", 100, "EUR", null, "key-1"));
        orders.add(new Order(UUID.randomUUID(), "CANCELLED", 100, "EUR", null, "key-2"));
        Snapshot s = new Snapshot(orders, base.products(), base.payments(), base.shipments(), base.ledger(),
                base.directPayments());
        InvariantResult r = byId(Invariants.check(s), "5");
        assertEquals(Status.FAIL, r.status());
        assertEquals(1, r.offenders().size(), r.offenders().toString());
        assertTrue(r.offenders().get(0).contains("key-1") && r.offenders().get(0).contains(first.toString())
                && r.offenders().get(0).contains(second.toString()), r.offenders().get(0));
        assertTrue(r.summary().contains("POST /orders: 2 orders placed with a key"), r.summary());
    }

    @Test
    void oneOrderPerIdempotencyKeyPassesInvariantFiveWithNothingLeftUnchecked() {
        InvariantResult r = byId(Invariants.check(healthy()), "5");
        assertEquals(Status.PASS, r.status());
        assertTrue(r.summary().contains("POST /orders") && !r.summary().contains("not checked yet"), r.summary());
    }
}
