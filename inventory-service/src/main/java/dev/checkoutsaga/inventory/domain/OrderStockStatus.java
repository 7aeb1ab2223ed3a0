package dev.checkoutsaga.inventory.domain;

/** Where an order stands in inventory (column {@code order_stock.status}). */
public enum OrderStockStatus {
    /** The local record exists (it was locked) but no OrderPlaced has been decided yet. */
    NEW,
    /** All lines are held: available was decremented, reserved incremented. */
    RESERVED,
    /** Some line could not be served; nothing was reserved. */
    REJECTED,
    /** The order completed: its reservation became a sale. */
    SOLD,
    /** The order was cancelled after reserving: the stock went back to available. */
    RELEASED,
    /** The order was cancelled before inventory saw it: a later OrderPlaced is ignored. */
    TOMBSTONE
}
