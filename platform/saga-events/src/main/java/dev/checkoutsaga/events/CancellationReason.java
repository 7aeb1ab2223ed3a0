package dev.checkoutsaga.events;

/** Every way an order can fail. All of them run the same compensation protocol. */
public enum CancellationReason {
    OUT_OF_STOCK,
    PAYMENT_DECLINED,
    SHIPMENT_FAILED,
    CUSTOMER_CANCELLED,
    DEADLINE_PASSED
}
