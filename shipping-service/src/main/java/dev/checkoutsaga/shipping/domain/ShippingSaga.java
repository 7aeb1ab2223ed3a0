package dev.checkoutsaga.shipping.domain;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.ShipmentFailed;
import dev.checkoutsaga.events.SagaEvent.ShipmentScheduled;
import dev.checkoutsaga.events.SagaEvent.ShippingSettled;
import dev.checkoutsaga.shipping.domain.CarrierBooking.Booked;
import dev.checkoutsaga.shipping.domain.CarrierBooking.Undeliverable;
import dev.checkoutsaga.steps.SagaDecision;

/**
 * Shipping's saga rules, all in one place. Plain Java: given the order's local shipment record
 * (status, whether a cancellation is waiting, whether it settled) each method decides what happens,
 * and each decision carries what it does ({@link Decision}: the record's next status, whether it
 * settles, the events, the steps). The caller has locked the record; it applies the decision and
 * commits.
 *
 * <pre>
 *   PaymentCaptured:        NEW -> PENDING + step "book"           (anything else: ignored)
 *   step "book", 201:       PENDING -> SCHEDULED, ShipmentScheduled
 *                           PENDING + cancel requested -> CANCEL_PENDING + step "cancel-shipment"
 *   step "book", 422:       PENDING -> FAILED, ShipmentFailed
 *                           PENDING + cancel requested -> FAILED, ShippingSettled(null)
 *   step "book", first attempt with cancel requested: no call -> CANCELLED, ShippingSettled(null)
 *   Cancellation requested: NEW -> TOMBSTONE, ShippingSettled(null)
 *                           PENDING -> cancel_requested (the booking step settles)
 *                           SCHEDULED -> CANCEL_PENDING + step "cancel-shipment"
 *                           FAILED -> settled, ShippingSettled(null)
 *                           settled or CANCEL_PENDING: nothing
 *   step "cancel-shipment", 200: CANCEL_PENDING -> CANCELLED, ShippingSettled(trackingNumber)
 * </pre>
 *
 * <p>Every rule is idempotent by state (a repeated event, even with a new event id, changes
 * nothing) and commutes with cancellation: whichever of PaymentCaptured and the cancellation comes
 * first, the order ends settled exactly once with no live shipment.
 *
 * <p>Calls to the carrier happen in steps outside the consumer. A step's first attempt cannot have
 * reached the carrier, so a cancellation seen then settles without calling; a retry may have
 * booked, so it replays the booking with the same idempotency key to learn the outcome and cancels
 * a booking that happened.
 */
public final class ShippingSaga {

    /** Step kind: book the shipment at the carrier. */
    public static final String BOOK = "book";
    /** Step kind: cancel a booked shipment at the carrier. */
    public static final String CANCEL_SHIPMENT = "cancel-shipment";

    private ShippingSaga() {
    }

    /** What the events of the decisions are built from: the shipment record's facts after the decision. */
    public record ShipmentFacts(UUID orderId, UUID shipmentId, String trackingNumber) {
    }

    /** Every decision of this machine carries its effects on the shipment record, its events and its steps. */
    public interface Decision extends SagaDecision<ShipmentStatus, ShipmentFacts> {
    }

    /** ShippingSettled: shipping's part of a cancelled order is undone; the tracking number of a cancelled booking. */
    private static List<SagaEvent> settled(ShipmentFacts s) {
        return List.of(new ShippingSettled(s.orderId(), s.trackingNumber()));
    }

    /** The order's shipment id: deterministic, so that every attempt and replica uses the same one. */
    public static UUID shipmentIdFor(UUID orderId) {
        return UUID.nameUUIDFromBytes(("shipment:" + orderId).getBytes(StandardCharsets.UTF_8));
    }

    /** Idempotency-Key of the booking call, the same on every attempt. */
    public static String bookingKey(UUID shipmentId) {
        return "book-" + shipmentId;
    }

    /** Idempotency-Key of the carrier cancellation call, the same on every attempt. */
    public static String cancellationKey(UUID shipmentId) {
        return "cancel-" + shipmentId;
    }

    // ---------------------------------------------------------------- PaymentCaptured

    public sealed interface CaptureDecision extends Decision {
    }

    /** Record the shipment PENDING with the address and schedule the booking step. */
    public record CreateShipment() implements CaptureDecision {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.PENDING;
        }

        @Override
        public List<String> steps() {
            return List.of(BOOK);
        }
    }

    /** Already has a shipment, or cancelled first (tombstone): change nothing, emit nothing. */
    public record IgnoreCapture(String why) implements CaptureDecision {
    }

    public static CaptureDecision onPaymentCaptured(ShipmentStatus status) {
        return switch (status) {
            case NEW -> new CreateShipment();
            case TOMBSTONE -> new IgnoreCapture("cancelled before it was paid");
            default -> new IgnoreCapture("already has a shipment (" + status + ")");
        };
    }

    // ---------------------------------------------------------------- step "book", before the call

    public sealed interface BookStart extends Decision {
    }

    /** Call the carrier (with {@link #bookingKey}). */
    public record CallCarrier() implements BookStart {
    }

    /**
     * First attempt and the order is already cancelled: nothing can have reached the carrier, so
     * do not book. Record CANCELLED and emit ShippingSettled(null).
     */
    public record SettleWithoutBooking() implements BookStart {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.CANCELLED;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(ShipmentFacts shipment) {
            return settled(shipment);
        }
    }

    /**
     * First attempt and the order's deadline has passed: nothing can have reached the carrier, so do
     * not book. Record EXPIRED, emit nothing; the cancellation the deadline brings settles it.
     */
    public record ExpireWithoutBooking() implements BookStart {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.EXPIRED;
        }
    }

    /** The record is no longer PENDING (decided by an earlier run): just complete the step. */
    public record SkipBooking(String why) implements BookStart {
    }

    /**
     * @param retry whether an earlier attempt of this step may have reached the carrier
     * @param deadlinePassed whether the order's deadline (from PaymentCaptured) has passed
     */
    public static BookStart beforeBooking(ShipmentStatus status, boolean cancelRequested, boolean retry,
            boolean deadlinePassed) {
        if (status != ShipmentStatus.PENDING) {
            return new SkipBooking("shipment is " + status);
        }
        if (cancelRequested && !retry) {
            return new SettleWithoutBooking();
        }
        // a retry goes on (same key): an earlier attempt may have booked, and only the carrier knows
        if (deadlinePassed && !retry) {
            return new ExpireWithoutBooking();
        }
        return new CallCarrier(); // a retry with cancel requested replays the same key to learn the outcome
    }

    // ---------------------------------------------------------------- step "book", the carrier answered

    public sealed interface BookDecision extends Decision {
    }

    /** SCHEDULED with the carrier's data; emit ShipmentScheduled. */
    public record Schedule(Booked booking) implements BookDecision {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.SCHEDULED;
        }

        @Override
        public List<SagaEvent> events(ShipmentFacts shipment) {
            return List.of(new ShipmentScheduled(shipment.orderId(), shipment.shipmentId(), booking.carrier(),
                    booking.trackingNumber()));
        }
    }

    /** FAILED with the reason; emit ShipmentFailed (the order will be cancelled). */
    public record Fail(String reason) implements BookDecision {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.FAILED;
        }

        @Override
        public List<SagaEvent> events(ShipmentFacts shipment) {
            return List.of(new ShipmentFailed(shipment.orderId(), reason));
        }
    }

    /**
     * Booked, but the order was cancelled meanwhile: CANCEL_PENDING with the carrier's data and
     * schedule "cancel-shipment" (which settles). No ShipmentScheduled.
     */
    public record CancelBooking(Booked booking) implements BookDecision {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.CANCEL_PENDING;
        }

        @Override
        public List<String> steps() {
            return List.of(CANCEL_SHIPMENT);
        }
    }

    /** Not deliverable and the order was cancelled meanwhile: FAILED, settled, ShippingSettled(null). */
    public record SettleUndeliverable(String reason) implements BookDecision {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.FAILED;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(ShipmentFacts shipment) {
            return settled(shipment);
        }
    }

    /** The record moved on (another run recorded the outcome): change nothing. */
    public record IgnoreOutcome(String why) implements BookDecision {
    }

    /** Decided under the record's lock, so a cancellation that arrived during the call is seen. */
    public static BookDecision onBookingOutcome(ShipmentStatus status, boolean cancelRequested, CarrierBooking outcome) {
        if (status != ShipmentStatus.PENDING) {
            return new IgnoreOutcome("shipment is already " + status);
        }
        return switch (outcome) {
            case Booked booked -> cancelRequested ? new CancelBooking(booked) : new Schedule(booked);
            case Undeliverable u -> cancelRequested ? new SettleUndeliverable(u.reason()) : new Fail(u.reason());
        };
    }

    // ---------------------------------------------------------------- OrderCancellationRequested

    public sealed interface CancelDecision extends Decision {
    }

    /** Nothing known about the order: TOMBSTONE, settled, ShippingSettled(null). */
    public record Tombstone() implements CancelDecision {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.TOMBSTONE;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(ShipmentFacts shipment) {
            return settled(shipment);
        }
    }

    /** The booking step is pending: set cancel_requested (still PENDING); the step settles. */
    public record RequestCancel() implements CancelDecision {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.PENDING;
        }
    }

    /** Booked: CANCEL_PENDING and schedule "cancel-shipment" (which settles). */
    public record CancelAtCarrier() implements CancelDecision {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.CANCEL_PENDING;
        }

        @Override
        public List<String> steps() {
            return List.of(CANCEL_SHIPMENT);
        }
    }

    /** Nothing was booked (FAILED, EXPIRED): settled in its status, ShippingSettled(null). */
    public record SettleNothingBooked() implements CancelDecision {
        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(ShipmentFacts shipment) {
            return settled(shipment);
        }
    }

    /** Settled before, or already being settled: change nothing, emit nothing. */
    public record IgnoreCancel(String why) implements CancelDecision {
    }

    public static CancelDecision onCancellationRequested(ShipmentStatus status, boolean cancelRequested,
            boolean settled) {
        if (settled) {
            return new IgnoreCancel("already settled");
        }
        return switch (status) {
            case NEW -> new Tombstone();
            case PENDING -> cancelRequested ? new IgnoreCancel("cancellation already requested")
                    : new RequestCancel();
            case SCHEDULED -> new CancelAtCarrier();
            case FAILED, EXPIRED -> new SettleNothingBooked();
            case CANCEL_PENDING -> new IgnoreCancel("carrier cancellation already under way");
            // always settled; reached only if the data was changed by hand
            case CANCELLED, TOMBSTONE -> new IgnoreCancel("already " + status);
        };
    }

    // ---------------------------------------------------------------- step "cancel-shipment"

    /** Whether the carrier cancellation still has to be made (else the step just completes). */
    public static boolean needsCarrierCancellation(ShipmentStatus status) {
        return status == ShipmentStatus.CANCEL_PENDING;
    }

    public sealed interface CarrierCancelDecision extends Decision {
    }

    /** The carrier confirmed: CANCELLED, settled, ShippingSettled(trackingNumber). */
    public record Cancelled() implements CarrierCancelDecision {
        @Override
        public ShipmentStatus status() {
            return ShipmentStatus.CANCELLED;
        }

        @Override
        public boolean settles() {
            return true;
        }

        @Override
        public List<SagaEvent> events(ShipmentFacts shipment) {
            return settled(shipment);
        }
    }

    /** The record moved on while the carrier answered (another run recorded it): change nothing. */
    public record IgnoreCancellation(String why) implements CarrierCancelDecision {
    }

    /** After the carrier confirmed the cancellation, under the record's lock. */
    public static CarrierCancelDecision onCarrierCancelled(ShipmentStatus status) {
        return needsCarrierCancellation(status) ? new Cancelled() : new IgnoreCancellation("shipment is " + status);
    }
}
