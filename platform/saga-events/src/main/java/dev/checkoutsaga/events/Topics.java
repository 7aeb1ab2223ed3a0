package dev.checkoutsaga.events;

/**
 * The saga's Kafka topics, one per emitting service. Every record is keyed by orderId so that all
 * events of one order emitted by one service land on one partition, in order.
 */
public final class Topics {
    public static final String ORDERS = "checkout.orders";
    public static final String INVENTORY = "checkout.inventory";
    public static final String PAYMENTS = "checkout.payments";
    public static final String SHIPPING = "checkout.shipping";
    /** Orders accepted while order-service's database was down; read by order-service only. */
    public static final String ORDERS_DEFERRED = "checkout.orders.deferred";

    private Topics() {
    }
}
