package dev.checkoutsaga.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every way an order can fail. All of them run the same compensation protocol. */
@RegisterForReflection
public enum CancellationReason {
    OUT_OF_STOCK,
    PAYMENT_DECLINED,
    SHIPMENT_FAILED,
    CUSTOMER_CANCELLED,
    DEADLINE_PASSED
}
