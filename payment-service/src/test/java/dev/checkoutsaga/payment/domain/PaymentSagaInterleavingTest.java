package dev.checkoutsaga.payment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.payment.domain.PaymentSaga.ChargeResult;

/**
 * Drives {@link PaymentSaga} through EVERY interleaving of: StockReserved (delivered once, plus a
 * repeat with a new event id), OrderCancellationRequested (optional, plus a repeat), the charge
 * step's attempts (an attempt may lose the provider's answer after the provider acted: a crash or
 * timeout between the answer and the commit; a cancellation may be handled while a call is in
 * flight) and the refund step's attempts. The provider is modelled with Stripe idempotency: a key
 * acts once and replays its first answer. Every quiet end state must keep the money invariants.
 */
class PaymentSagaInterleavingTest {
    static final PaymentSaga.ChargeBounds BOUNDS = new PaymentSaga.ChargeBounds(1_000_000, java.util.Set.of("EUR"));

    static final long TOTAL = 3998;
    static final java.util.UUID ORDER = java.util.UUID.randomUUID();

    /** The payment record, the pending steps, the provider's books and the events emitted. */
    static final class World implements Cloneable {
        final boolean cardOk;
        final boolean cancelWanted;
        PaymentStatus status = PaymentStatus.NEW;
        boolean cancelRequested;
        String chargeId;
        long refunded;
        boolean chargeStep, refundStep;
        int chargeAttempts;
        ChargeResult inFlight; // a charge answer received but not yet recorded
        boolean chargeAnswerLost, refundAnswerLost;
        int reservedDelivered, cancelDelivered;
        // the provider (idempotent per key)
        ChargeResult providerCharge; // first answer of key charge-<id>
        long providerRefunded; // refunds done under key refund-<id>
        int providerChargeCalls;
        // emitted events
        List<String> events = new ArrayList<>();
        List<String> trail = new ArrayList<>();

        World(boolean cardOk, boolean cancelWanted) {
            this.cardOk = cardOk;
            this.cancelWanted = cancelWanted;
        }

        @Override
        protected World clone() {
            try {
                World w = (World) super.clone();
                w.events = new ArrayList<>(events);
                w.trail = new ArrayList<>(trail);
                return w;
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        List<Runnable> actions() {
            List<Runnable> a = new ArrayList<>();
            if (reservedDelivered < 2) {
                a.add(() -> stockReserved());
            }
            if (cancelWanted && cancelDelivered < 2) {
                a.add(() -> cancel());
            }
            if (chargeStep && inFlight == null) {
                a.add(() -> chargeBegin());
            }
            if (inFlight != null) {
                a.add(() -> chargeRecord());
                if (!chargeAnswerLost) {
                    a.add(() -> chargeAnswerLost());
                }
            }
            if (refundStep) {
                a.add(() -> refund(false));
                if (!refundAnswerLost) {
                    a.add(() -> refund(true));
                }
            }
            return a;
        }

        void stockReserved() {
            reservedDelivered++;
            trail.add("StockReserved");
            PaymentSaga.ReservedDecision d = PaymentSaga.onStockReserved(status,
                    new dev.checkoutsaga.events.Money(TOTAL, "EUR"), PaymentSaga.TokenState.READABLE, BOUNDS);
            assertFalse(d instanceof PaymentSaga.DeclineAtOnce, "valid details");
            apply(d);
        }

        void cancel() {
            cancelDelivered++;
            trail.add("Cancel");
            PaymentSaga.CancelDecision d = PaymentSaga.onCancellationRequested(status, cancelRequested);
            if (!(d instanceof PaymentSaga.IgnoreCancel)) {
                cancelRequested = true;
            }
            apply(d);
        }

        void chargeBegin() {
            chargeAttempts++;
            trail.add("ChargeAttempt" + chargeAttempts);
            PaymentSaga.ChargePlan plan = PaymentSaga.beforeCharge(status, cancelRequested, chargeAttempts > 1, false);
            assertFalse(plan instanceof PaymentSaga.ExpireWithoutCharging, "this model has no deadline");
            if (plan instanceof PaymentSaga.Charge) {
                providerChargeCalls++;
                if (providerCharge == null) {
                    providerCharge = cardOk ? new PaymentSaga.Succeeded("ch_1") : new PaymentSaga.Declined("card_declined");
                }
                inFlight = providerCharge; // replays return the first answer
                return;
            }
            apply(plan);
            chargeStep = false;
        }

        void chargeAnswerLost() {
            trail.add("ChargeAnswerLost");
            chargeAnswerLost = true;
            inFlight = null; // the step stays pending and is retried
        }

        void chargeRecord() {
            trail.add("ChargeRecorded");
            PaymentSaga.ChargeDecision d = PaymentSaga.onChargeResult(status, cancelRequested, inFlight);
            if (d instanceof PaymentSaga.Capture c) {
                chargeId = c.chargeId();
            }
            if (d instanceof PaymentSaga.RefundCancelledCharge r) {
                chargeId = r.chargeId();
            }
            apply(d);
            inFlight = null;
            chargeStep = false;
        }

        void refund(boolean loseAnswer) {
            trail.add(loseAnswer ? "RefundAnswerLost" : "Refund");
            if (PaymentSaga.beforeRefund(status) instanceof PaymentSaga.Refund) {
                long amount = PaymentSaga.capturedMinor(chargeId, TOTAL);
                providerRefunded = amount; // idempotent: the same key refunds once
                if (loseAnswer) {
                    refundAnswerLost = true;
                    return;
                }
                PaymentSaga.RefundDecision d = PaymentSaga.onRefundResult(status, new PaymentSaga.RefundSucceeded("re_1"));
                if (d instanceof PaymentSaga.RecordRefund) {
                    refunded = amount;
                }
                apply(d);
            }
            refundStep = false;
        }

        /** What SagaEffects and the payment record do with a decision: only its carried effects change the world. */
        void apply(PaymentSaga.Decision d) {
            if (d.status() != null) {
                status = d.status();
            }
            dev.checkoutsaga.events.Money captured = new dev.checkoutsaga.events.Money(
                    PaymentSaga.capturedMinor(chargeId, TOTAL), "EUR");
            PaymentSaga.PaymentFacts facts = new PaymentSaga.PaymentFacts(ORDER, PaymentSaga.paymentIdFor(ORDER),
                    new dev.checkoutsaga.events.Money(TOTAL, "EUR"), "EUR", null, null, captured,
                    new dev.checkoutsaga.events.Money(refunded, "EUR"));
            boolean settlementEmitted = false;
            for (dev.checkoutsaga.events.SagaEvent e : d.events(facts)) {
                switch (e) {
                    case dev.checkoutsaga.events.SagaEvent.PaymentCaptured c -> events.add("Captured");
                    case dev.checkoutsaga.events.SagaEvent.PaymentDeclined c -> events.add("Declined");
                    case dev.checkoutsaga.events.SagaEvent.PaymentSettled c -> {
                        events.add("Settled:" + c.refunded().amountMinor());
                        settlementEmitted = true;
                    }
                    default -> throw new AssertionError("unexpected " + e);
                }
            }
            assertEquals(d.settles(), settlementEmitted, "a decision settles exactly when it emits PaymentSettled: " + d);
            for (String kind : d.steps()) {
                if (kind.equals(PaymentSaga.CHARGE_STEP)) {
                    chargeStep = true;
                } else {
                    refundStep = true;
                }
            }
        }

        long providerCaptured() {
            return providerCharge instanceof PaymentSaga.Succeeded ? TOTAL : 0;
        }

        void assertQuietStateIsCorrect() {
            String where = (cardOk ? "card ok" : "card declined") + ", trail " + trail + ", events " + events;
            long settled = events.stream().filter(e -> e.startsWith("Settled")).count();
            assertTrue(events.stream().filter("Captured"::equals).count() <= 1, where);
            assertTrue(events.stream().filter("Declined"::equals).count() <= 1, where);
            if (cancelWanted) {
                assertEquals(1, settled, "settles exactly once: " + where);
                assertEquals(0, providerCaptured() - providerRefunded, "provider net zero: " + where);
                assertEquals("Settled:" + providerRefunded, events.stream().filter(e -> e.startsWith("Settled")).findFirst()
                        .orElseThrow(), "settlement says what was refunded: " + where);
                assertEquals(providerRefunded, refunded, where);
                assertTrue(cancelRequested, where);
            } else {
                assertEquals(0, settled, where);
                assertEquals(cardOk ? TOTAL : 0, providerCaptured() - providerRefunded, where);
                assertEquals(cardOk ? List.of("Captured") : List.of("Declined"), events, where);
                assertEquals(cardOk ? PaymentStatus.CAPTURED : PaymentStatus.DECLINED, status, where);
                assertEquals(1, providerChargeCalls + (chargeAnswerLost ? -1 : 0), "one charge call plus replays: " + where);
            }
        }
    }

    /** Depth-first over every interleaving; returns the number of quiet end states, collects their statuses. */
    private static int explore(World w, java.util.Set<PaymentStatus> endStatuses) {
        List<Runnable> actions = w.actions();
        if (actions.isEmpty()) {
            w.assertQuietStateIsCorrect();
            endStatuses.add(w.status);
            return 1;
        }
        int ends = 0;
        for (int i = 0; i < actions.size(); i++) {
            World next = w.clone();
            next.actions().get(i).run();
            ends += explore(next, endStatuses);
        }
        return ends;
    }

    @Test
    void everyOrderOfStockReservedCancellationAndChargeOutcomeSettlesOnceWithNetZero() {
        java.util.Set<PaymentStatus> ok = java.util.EnumSet.noneOf(PaymentStatus.class);
        java.util.Set<PaymentStatus> declined = java.util.EnumSet.noneOf(PaymentStatus.class);
        int ends = explore(new World(true, true), ok) + explore(new World(false, true), declined);
        assertTrue(ends > 100, "explored " + ends + " interleavings");
        // every way to settle was reached: tombstone, cancelled before charging, refunded, declined
        assertEquals(java.util.EnumSet.of(PaymentStatus.TOMBSTONE, PaymentStatus.CANCELLED, PaymentStatus.REFUNDED), ok);
        assertEquals(java.util.EnumSet.of(PaymentStatus.TOMBSTONE, PaymentStatus.CANCELLED, PaymentStatus.DECLINED),
                declined);
    }

    @Test
    void withoutCancellationTheOrderIsChargedOnceOrDeclinedOnceWhateverIsRedeliveredOrLost() {
        java.util.Set<PaymentStatus> statuses = java.util.EnumSet.noneOf(PaymentStatus.class);
        int ends = explore(new World(true, false), statuses) + explore(new World(false, false), statuses);
        assertTrue(ends > 10, "explored " + ends + " interleavings");
        assertEquals(java.util.EnumSet.of(PaymentStatus.CAPTURED, PaymentStatus.DECLINED), statuses);
    }
}
