package dev.checkoutsaga.order.domain;

/** Where an order stands in the saga. COMPLETED and CANCELLED are terminal. */
public enum OrderStatus {
    PENDING,
    STOCK_RESERVED,
    PAID,
    COMPLETED,
    CANCELLING,
    CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED;
    }

    /** Still moving forward: the saga deadline applies and a cancellation can be requested. */
    public boolean isOpen() {
        return this == PENDING || this == STOCK_RESERVED || this == PAID;
    }
}
