package dev.checkoutsaga.shipping.domain;

/** Where an order's shipment stands (column {@code shipment.status}); see {@link ShippingSaga}. */
public enum ShipmentStatus {
    /** The local record exists (it was locked) but nothing has been decided yet. Never committed as such. */
    NEW,
    /** The order is paid; the booking step is scheduled (or running). */
    PENDING,
    /**
     * The order's deadline had passed when its booking step first ran: nothing was booked. Not
     * settled: the cancellation (order-service's deadline job sends it) settles it.
     */
    EXPIRED,
    /** Booked at the carrier; ShipmentScheduled was emitted. */
    SCHEDULED,
    /** The carrier refused the address (not deliverable); nothing is booked. */
    FAILED,
    /** Booked at the carrier and the order was cancelled: the carrier cancellation step is scheduled. */
    CANCEL_PENDING,
    /** Cancelled: at the carrier, or settled before anything was booked. */
    CANCELLED,
    /** The order was cancelled before shipping heard it was paid: a later PaymentCaptured is ignored. */
    TOMBSTONE;

    /** Booked at the carrier and not (yet) cancelled there: the carrier's ledger counts it as live. */
    public boolean live() {
        return this == SCHEDULED || this == CANCEL_PENDING;
    }
}
