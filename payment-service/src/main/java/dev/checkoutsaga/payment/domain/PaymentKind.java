package dev.checkoutsaga.payment.domain;

/** Why a payment exists: an order's checkout saga, or a direct charge through {@code POST /payments}. */
public enum PaymentKind {
    /** One per order, created by StockReserved; see {@link PaymentSaga}. */
    SAGA,
    /** A charge outside the saga (e.g. a support agent charging a new card); see {@link DirectPayments}. */
    DIRECT
}
