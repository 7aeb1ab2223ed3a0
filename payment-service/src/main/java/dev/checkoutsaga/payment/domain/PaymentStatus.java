package dev.checkoutsaga.payment.domain;

/** The states of an order's payment record; see {@link PaymentSaga} for the transitions. */
public enum PaymentStatus {
    /** Just locked (insert-if-absent) by the current transaction; nothing decided. Never committed. */
    NEW,
    /** StockReserved seen; the charge step is scheduled (or running). */
    PENDING,
    /** The provider's charge succeeded; PaymentCaptured emitted. */
    CAPTURED,
    /** The charge was refused (provider 402/400, or invalid payment details). */
    DECLINED,
    /**
     * The order's deadline had passed when its charge step first ran: no charge was started. Not
     * settled: the cancellation (order-service's deadline job sends it) settles it, nothing charged.
     */
    EXPIRED,
    /** Cancelled while PENDING before any charge attempt could reach the provider: nothing charged. */
    CANCELLED,
    /** Cancelled after a successful charge: the refund step is scheduled (or running). */
    REFUND_PENDING,
    /**
     * The provider refused the refund for good; PaymentRefundFailed emitted, nothing settled. The
     * money is still charged: an operator retries the refund (POST /payments/{id}/refund, back to
     * REFUND_PENDING) once the cause is fixed.
     */
    REFUND_FAILED,
    /** The refund succeeded; PaymentSettled(refunded amount) emitted. */
    REFUNDED,
    /** Cancelled before StockReserved: settled with nothing to undo; a late StockReserved is ignored. */
    TOMBSTONE
}
