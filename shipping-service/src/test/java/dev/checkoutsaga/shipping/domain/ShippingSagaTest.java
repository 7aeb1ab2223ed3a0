package dev.checkoutsaga.shipping.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.ShippingSettled;
import dev.checkoutsaga.shipping.domain.CarrierBooking.Booked;
import dev.checkoutsaga.shipping.domain.CarrierBooking.Undeliverable;
import dev.checkoutsaga.shipping.domain.ShippingSaga.*;

/** The saga rules without Quarkus: each rule, then every order of events, cancellation and step outcomes. */
class ShippingSagaTest {

    static final Booked BOOKED = new Booked("shp_1", "SandboxPost", "SP123");
    static final Undeliverable UNDELIVERABLE = new Undeliverable("address not deliverable");

    @Nested
    class Rules {
        @Test
        void shipmentIdIsDeterministicPerOrderAndDiffersBetweenOrders() {
            UUID a = UUID.randomUUID();
            assertEquals(ShippingSaga.shipmentIdFor(a), ShippingSaga.shipmentIdFor(a));
            assertNotEquals(ShippingSaga.shipmentIdFor(a), ShippingSaga.shipmentIdFor(UUID.randomUUID()));
            assertEquals("book-" + ShippingSaga.shipmentIdFor(a), ShippingSaga.bookingKey(ShippingSaga.shipmentIdFor(a)));
            assertEquals("cancel-" + ShippingSaga.shipmentIdFor(a),
                    ShippingSaga.cancellationKey(ShippingSaga.shipmentIdFor(a)));
        }

        @Test
        void paymentCapturedCreatesTheShipmentOnlyForANewOrder() {
            assertInstanceOf(CreateShipment.class, ShippingSaga.onPaymentCaptured(ShipmentStatus.NEW));
            for (ShipmentStatus s : EnumSet.complementOf(EnumSet.of(ShipmentStatus.NEW))) {
                assertInstanceOf(IgnoreCapture.class, ShippingSaga.onPaymentCaptured(s), s.name());
            }
        }

        @Test
        void bookingStepCallsTheCarrierForAPendingShipment() {
            assertInstanceOf(CallCarrier.class, ShippingSaga.beforeBooking(ShipmentStatus.PENDING, false, false, false));
            assertInstanceOf(CallCarrier.class, ShippingSaga.beforeBooking(ShipmentStatus.PENDING, false, true, false));
        }

        @Test
        void aCancellationSeenOnTheFirstAttemptSettlesWithoutCalling() {
            assertInstanceOf(SettleWithoutBooking.class, ShippingSaga.beforeBooking(ShipmentStatus.PENDING, true, false, false));
        }

        @Test
        void aBookingIsNotStartedPastTheOrdersDeadlineButARetryGoesOnAndTheCancellationSettlesIt() {
            assertInstanceOf(ShippingSaga.ExpireWithoutBooking.class,
                    ShippingSaga.beforeBooking(ShipmentStatus.PENDING, false, false, true));
            assertInstanceOf(CallCarrier.class, ShippingSaga.beforeBooking(ShipmentStatus.PENDING, false, true, true));
            assertInstanceOf(SettleWithoutBooking.class, ShippingSaga.beforeBooking(ShipmentStatus.PENDING, true, false, true));
            assertInstanceOf(ShippingSaga.SettleNothingBooked.class,
                    ShippingSaga.onCancellationRequested(ShipmentStatus.EXPIRED, false, false));
        }

        @Test
        void aCancellationSeenOnARetryReplaysTheBookingToLearnItsOutcome() {
            assertInstanceOf(CallCarrier.class, ShippingSaga.beforeBooking(ShipmentStatus.PENDING, true, true, false));
        }

        @ParameterizedTest
        @EnumSource(value = ShipmentStatus.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
        void bookingStepOfARecordThatMovedOnIsSkipped(ShipmentStatus status) {
            assertInstanceOf(SkipBooking.class, ShippingSaga.beforeBooking(status, true, true, false));
            assertInstanceOf(SkipBooking.class, ShippingSaga.beforeBooking(status, false, false, false));
            assertInstanceOf(IgnoreOutcome.class, ShippingSaga.onBookingOutcome(status, false, BOOKED));
        }

        @Test
        void bookingOutcomes() {
            assertEquals(new Schedule(BOOKED), ShippingSaga.onBookingOutcome(ShipmentStatus.PENDING, false, BOOKED));
            assertEquals(new Fail(UNDELIVERABLE.reason()),
                    ShippingSaga.onBookingOutcome(ShipmentStatus.PENDING, false, UNDELIVERABLE));
            assertEquals(new CancelBooking(BOOKED), ShippingSaga.onBookingOutcome(ShipmentStatus.PENDING, true, BOOKED));
            assertEquals(new SettleUndeliverable(UNDELIVERABLE.reason()),
                    ShippingSaga.onBookingOutcome(ShipmentStatus.PENDING, true, UNDELIVERABLE));
        }

        @Test
        void cancellationByStatus() {
            assertInstanceOf(Tombstone.class, ShippingSaga.onCancellationRequested(ShipmentStatus.NEW, false, false));
            assertInstanceOf(RequestCancel.class, ShippingSaga.onCancellationRequested(ShipmentStatus.PENDING, false, false));
            assertInstanceOf(IgnoreCancel.class, ShippingSaga.onCancellationRequested(ShipmentStatus.PENDING, true, false));
            assertInstanceOf(CancelAtCarrier.class,
                    ShippingSaga.onCancellationRequested(ShipmentStatus.SCHEDULED, false, false));
            assertInstanceOf(SettleNothingBooked.class,
                    ShippingSaga.onCancellationRequested(ShipmentStatus.FAILED, false, false));
            assertInstanceOf(IgnoreCancel.class,
                    ShippingSaga.onCancellationRequested(ShipmentStatus.CANCEL_PENDING, false, false));
        }

        @ParameterizedTest
        @EnumSource(ShipmentStatus.class)
        void aSettledOrderIgnoresEveryFurtherCancellation(ShipmentStatus status) {
            assertInstanceOf(IgnoreCancel.class, ShippingSaga.onCancellationRequested(status, false, true));
            assertInstanceOf(IgnoreCancel.class, ShippingSaga.onCancellationRequested(status, true, true));
        }

        @Test
        void onlyABookedNotYetCancelledShipmentIsLive() {
            Set<ShipmentStatus> live = EnumSet.noneOf(ShipmentStatus.class);
            for (ShipmentStatus s : ShipmentStatus.values()) {
                if (s.live()) {
                    live.add(s);
                }
            }
            assertEquals(EnumSet.of(ShipmentStatus.SCHEDULED, ShipmentStatus.CANCEL_PENDING), live);
        }

        @Test
        void onlyACancelPendingShipmentNeedsTheCarrierCancellation() {
            for (ShipmentStatus s : ShipmentStatus.values()) {
                assertEquals(s == ShipmentStatus.CANCEL_PENDING, ShippingSaga.needsCarrierCancellation(s), s.name());
            }
        }
    }

    /**
     * The rules combined, as the consumer and the steps apply them, against an idempotent carrier:
     * every order of PaymentCaptured, cancellation and step runs (first attempts, retries after a
     * lost answer, a cancellation during the call) ends settled once with nothing live.
     */
    @Nested
    class Orderings {

        @Test
        void happyPathSchedulesOnce() {
            Model m = new Model(true);
            m.capture();
            m.drain();
            assertEquals(List.of("ShipmentScheduled"), m.emitted);
            assertEquals(ShipmentStatus.SCHEDULED, m.status);
            assertEquals(1, m.carrier.bookings);
            assertTrue(m.carrier.live());
        }

        @Test
        void undeliverableFailsOnceThenACancelSettlesWithNothingUndone() {
            Model m = new Model(false);
            m.capture();
            m.drain();
            assertEquals(List.of("ShipmentFailed"), m.emitted);
            m.cancel();
            m.drain();
            assertEquals(List.of("ShipmentFailed", "ShippingSettled(null)"), m.emitted);
            assertEquals(0, m.carrier.bookings);
        }

        @Test
        void cancelAfterSchedulingCancelsAtTheCarrierAndSettlesWithTheTrackingNumber() {
            Model m = new Model(true);
            m.capture();
            m.drain();
            m.cancel();
            m.drain();
            assertEquals(List.of("ShipmentScheduled", "ShippingSettled(SP123)"), m.emitted);
            assertEquals(ShipmentStatus.CANCELLED, m.status);
            assertFalse(m.carrier.live());
        }

        @Test
        void cancelBeforePaymentCapturedLeavesATombstoneAndTheLatePaymentIsIgnored() {
            Model m = new Model(true);
            m.cancel();
            m.capture();
            m.drain();
            assertEquals(List.of("ShippingSettled(null)"), m.emitted);
            assertEquals(ShipmentStatus.TOMBSTONE, m.status);
            assertEquals(0, m.carrier.bookings);
        }

        @Test
        void cancelWhileTheFirstBookingAttemptIsPendingSettlesWithoutCallingTheCarrier() {
            Model m = new Model(true);
            m.capture();
            m.cancel();
            m.drain();
            assertEquals(List.of("ShippingSettled(null)"), m.emitted);
            assertEquals(ShipmentStatus.CANCELLED, m.status);
            assertEquals(0, m.carrier.bookings);
        }

        @Test
        void cancelAfterABookingWhoseAnswerWasLostReplaysAndCancelsIt() {
            Model m = new Model(true);
            m.capture();
            m.runBook(Interference.LOSE_ANSWER); // booked at the carrier, nothing committed
            m.cancel();
            m.drain(); // retry: same key, learns the booking, cancels it
            assertEquals(List.of("ShippingSettled(SP123)"), m.emitted, "no ShipmentScheduled for a cancelled order");
            assertEquals(1, m.carrier.bookings);
            assertFalse(m.carrier.live());
        }

        @Test
        void cancelAfterAnUndeliverableBookingWhoseAnswerWasLostSettlesWithNothing() {
            Model m = new Model(false);
            m.capture();
            m.runBook(Interference.LOSE_ANSWER);
            m.cancel();
            m.drain();
            assertEquals(List.of("ShippingSettled(null)"), m.emitted);
            assertEquals(ShipmentStatus.FAILED, m.status);
        }

        @Test
        void cancelArrivingDuringTheCarrierCallIsSeenWhenTheOutcomeIsRecorded() {
            Model m = new Model(true);
            m.capture();
            m.runBook(Interference.CANCEL_DURING_CALL);
            m.drain();
            assertEquals(List.of("ShippingSettled(SP123)"), m.emitted);
            assertFalse(m.carrier.live());
            assertEquals(ShipmentStatus.CANCELLED, m.status);
        }

        @Test
        void aLostBookingAnswerIsRecoveredByTheRetryWithoutBookingTwice() {
            Model m = new Model(true);
            m.capture();
            m.runBook(Interference.LOSE_ANSWER);
            m.drain();
            assertEquals(List.of("ShipmentScheduled"), m.emitted);
            assertEquals(1, m.carrier.bookings);
        }

        @Test
        void repeatedEventsChangeNothing() {
            Model m = new Model(true);
            m.capture();
            m.capture();
            m.drain();
            m.capture();
            m.cancel();
            m.cancel();
            m.drain();
            m.cancel();
            m.capture();
            m.drain();
            assertEquals(List.of("ShipmentScheduled", "ShippingSettled(SP123)"), m.emitted);
            assertEquals(1, m.carrier.bookings);
        }

        /** Every interleaving of capture, cancel, step runs and interference: settled exactly once, nothing live. */
        @Test
        void everyOrderingSettlesExactlyOnceWithNothingLive() {
            List<List<String>> sequences = new ArrayList<>();
            permutations(List.of("capture", "cancel", "run", "lose", "duringCall", "cancel"), new ArrayList<>(),
                    new boolean[6], sequences);
            int checked = 0;
            for (boolean deliverable : new boolean[] { true, false }) {
                for (List<String> seq : sequences) {
                    Model m = new Model(deliverable);
                    for (String step : seq) {
                        switch (step) {
                            case "capture" -> m.capture();
                            case "cancel" -> m.cancel();
                            case "run" -> m.runBook(Interference.NONE);
                            case "lose" -> m.runBook(Interference.LOSE_ANSWER);
                            case "duringCall" -> m.runBook(Interference.CANCEL_DURING_CALL);
                            default -> throw new IllegalStateException(step);
                        }
                    }
                    m.drain();
                    String ctx = seq + " deliverable=" + deliverable + " emitted=" + m.emitted;
                    long settlements = m.emitted.stream().filter(e -> e.startsWith("ShippingSettled")).count();
                    assertEquals(1, settlements, ctx);
                    assertTrue(m.settled, ctx);
                    assertFalse(m.carrier.live(), ctx);
                    assertFalse(m.status.live(), ctx);
                    assertTrue(m.carrier.bookings <= 1, ctx);
                    // the settlement names the tracking number iff a booking was undone
                    String settlement = m.emitted.stream().filter(e -> e.startsWith("ShippingSettled")).findFirst()
                            .orElseThrow();
                    assertEquals(m.carrier.cancelled ? "ShippingSettled(SP123)" : "ShippingSettled(null)", settlement,
                            ctx);
                    checked++;
                }
            }
            assertTrue(checked > 100, "checked " + checked);
        }

        private static void permutations(List<String> items, List<String> current, boolean[] used,
                List<List<String>> out) {
            if (current.size() == items.size()) {
                out.add(List.copyOf(current));
                return;
            }
            Set<String> seenAtThisLevel = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                if (!used[i] && seenAtThisLevel.add(items.get(i))) {
                    used[i] = true;
                    current.add(items.get(i));
                    permutations(items, current, used, out);
                    current.remove(current.size() - 1);
                    used[i] = false;
                }
            }
        }
    }

    enum Interference {
        NONE,
        /** The call reached the carrier but the answer was lost (timeout, crash before the commit). */
        LOSE_ANSWER,
        /** The cancellation is handled while the call is in flight. */
        CANCEL_DURING_CALL
    }

    /** An idempotent carrier: one booking per key; undeliverable when told so. */
    static final class FakeCarrier {
        final boolean deliverable;
        int bookings;
        boolean booked;
        boolean cancelled;

        FakeCarrier(boolean deliverable) {
            this.deliverable = deliverable;
        }

        CarrierBooking book() {
            if (!deliverable) {
                return UNDELIVERABLE;
            }
            if (!booked) {
                booked = true;
                bookings++;
            }
            return BOOKED;
        }

        void cancel() {
            cancelled = true;
        }

        boolean live() {
            return booked && !cancelled;
        }
    }

    /**
     * The record and the pending steps of one order, driven by the saga rules as the service applies
     * them: each decision changes the model only through the effects it carries (status, settlement,
     * events, steps), so every ordering below also proves those effects.
     */
    static final class Model {
        static final UUID ORDER = UUID.randomUUID();
        ShipmentStatus status = ShipmentStatus.NEW;
        boolean cancelRequested;
        boolean settled;
        String trackingNumber;
        final List<String> emitted = new ArrayList<>();
        final Set<String> steps = new LinkedHashSet<>();
        int bookAttempts;
        final FakeCarrier carrier;

        Model(boolean deliverable) {
            carrier = new FakeCarrier(deliverable);
        }

        void capture() {
            apply(ShippingSaga.onPaymentCaptured(status));
        }

        void cancel() {
            CancelDecision d = ShippingSaga.onCancellationRequested(status, cancelRequested, settled);
            if (d instanceof RequestCancel) {
                cancelRequested = true; // the one field a decision sets besides its effects
            }
            apply(d);
        }

        /** One attempt of the booking step, if it is pending. */
        void runBook(Interference interference) {
            if (!steps.contains(ShippingSaga.BOOK)) {
                if (interference == Interference.CANCEL_DURING_CALL) {
                    cancel();
                }
                return;
            }
            bookAttempts++;
            BookStart start = ShippingSaga.beforeBooking(status, cancelRequested, bookAttempts > 1, false);
            assertFalse(start instanceof ExpireWithoutBooking, "this model has no deadline");
            if (start instanceof CallCarrier) {
                CarrierBooking outcome = carrier.book();
                if (interference == Interference.LOSE_ANSWER) {
                    return; // the step stays pending; the next attempt is a retry
                }
                if (interference == Interference.CANCEL_DURING_CALL) {
                    cancel();
                }
                BookDecision d = ShippingSaga.onBookingOutcome(status, cancelRequested, outcome);
                if (!(d instanceof IgnoreOutcome) && outcome instanceof Booked b) {
                    trackingNumber = b.trackingNumber();
                }
                apply(d);
            } else {
                apply(start);
            }
            steps.remove(ShippingSaga.BOOK);
        }

        void runCancelShipment() {
            if (ShippingSaga.needsCarrierCancellation(status)) {
                carrier.cancel();
                apply(ShippingSaga.onCarrierCancelled(status));
            }
            steps.remove(ShippingSaga.CANCEL_SHIPMENT);
        }

        /** Runs pending steps until none is left; then, if the order was never cancelled, cancels it. */
        void drain() {
            for (int guard = 0; guard < 10 && !steps.isEmpty(); guard++) {
                if (steps.contains(ShippingSaga.BOOK)) {
                    runBook(Interference.NONE);
                } else {
                    runCancelShipment();
                }
            }
            assertTrue(steps.isEmpty(), "steps left: " + steps);
        }

        /** What SagaEffects and the record do with a decision. */
        private void apply(Decision d) {
            if (d.status() != null) {
                status = d.status();
            }
            if (d.settles()) {
                assertFalse(settled, "settled twice");
                settled = true;
            }
            for (SagaEvent e : d.events(new ShipmentFacts(ORDER, ShippingSaga.shipmentIdFor(ORDER), trackingNumber))) {
                assertEquals(ORDER, e.orderId());
                emitted.add(e instanceof ShippingSettled ss ? "ShippingSettled(" + ss.cancelledTrackingNumber() + ")"
                        : e.getClass().getSimpleName());
            }
            steps.addAll(d.steps());
        }
    }
}
