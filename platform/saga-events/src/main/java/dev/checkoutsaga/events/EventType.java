package dev.checkoutsaga.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.checkoutsaga.events.SagaEvent.*;

/**
 * The registry of saga events: CloudEvent type, schema version, topic and payload class, defined
 * once. A consumer that meets a type it does not know can skip it safely (forward compatibility).
 */
public enum EventType {
    ORDER_PLACED("order.placed", 1, Topics.ORDERS, OrderPlaced.class),
    ORDER_CANCELLATION_REQUESTED("order.cancellation-requested", 1, Topics.ORDERS, OrderCancellationRequested.class),
    ORDER_COMPLETED("order.completed", 1, Topics.ORDERS, OrderCompleted.class),
    ORDER_CANCELLED("order.cancelled", 1, Topics.ORDERS, OrderCancelled.class),

    STOCK_RESERVED("inventory.stock-reserved", 1, Topics.INVENTORY, StockReserved.class),
    STOCK_REJECTED("inventory.stock-rejected", 1, Topics.INVENTORY, StockRejected.class),
    INVENTORY_SETTLED("inventory.settled", 1, Topics.INVENTORY, InventorySettled.class),

    PAYMENT_CAPTURED("payment.captured", 1, Topics.PAYMENTS, PaymentCaptured.class),
    PAYMENT_DECLINED("payment.declined", 1, Topics.PAYMENTS, PaymentDeclined.class),
    PAYMENT_SETTLED("payment.settled", 1, Topics.PAYMENTS, PaymentSettled.class),
    PAYMENT_REFUND_FAILED("payment.refund-failed", 1, Topics.PAYMENTS, PaymentRefundFailed.class),

    SHIPMENT_SCHEDULED("shipping.shipment-scheduled", 1, Topics.SHIPPING, ShipmentScheduled.class),
    SHIPMENT_FAILED("shipping.shipment-failed", 1, Topics.SHIPPING, ShipmentFailed.class),
    SHIPPING_SETTLED("shipping.settled", 1, Topics.SHIPPING, ShippingSettled.class),

    ORDER_PLACEMENT_DEFERRED("order.placement-deferred", 1, Topics.ORDERS_DEFERRED, OrderPlacementDeferred.class);

    /** Prefix of every CloudEvent type of this project. */
    public static final String TYPE_PREFIX = "dev.checkoutsaga.";

    private static final Map<String, EventType> BY_CE_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::payloadClass, Function.identity()));

    private final String ceType;
    private final int version;
    private final String topic;
    private final Class<? extends SagaEvent> payloadClass;

    EventType(String name, int version, String topic, Class<? extends SagaEvent> payloadClass) {
        this.ceType = TYPE_PREFIX + name + ".v" + version;
        this.version = version;
        this.topic = topic;
        this.payloadClass = payloadClass;
    }

    /** The CloudEvent {@code type} attribute, e.g. {@code dev.checkoutsaga.order.placed.v1}. */
    public String ceType() {
        return ceType;
    }

    public int version() {
        return version;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends SagaEvent> payloadClass() {
        return payloadClass;
    }

    /** The short name shown in timelines and metrics, e.g. {@code OrderPlaced}. */
    public String simpleName() {
        return payloadClass.getSimpleName();
    }

    public static EventType of(SagaEvent event) {
        return BY_CLASS.get(event.getClass());
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Optional.ofNullable(ceType).map(BY_CE_TYPE::get);
    }
}
