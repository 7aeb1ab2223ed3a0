package dev.checkoutsaga.events;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A saga event's payload (the CloudEvent "data"). The envelope (id, type, source, time, subject)
 * travels in Kafka headers; see {@link CloudEventHeaders}. Types and versions are registered in
 * {@link EventType}.
 * <p>
 * Each payload record, and each type one contains, carries {@code @RegisterForReflection}: {@link EventCodec}
 * reads and writes them with its own {@code ObjectMapper}, outside Quarkus REST, so nothing else tells a
 * native build that Jackson needs them ({@code SagaEventsReflectionTest} fails when one lacks it). The
 * module's {@code META-INF/beans.xml} makes Quarkus index it and find the annotations.
 */
public sealed interface SagaEvent permits
        SagaEvent.OrderPlaced, SagaEvent.OrderCancellationRequested, SagaEvent.OrderCompleted, SagaEvent.OrderCancelled,
        SagaEvent.StockReserved, SagaEvent.StockRejected, SagaEvent.InventorySettled,
        SagaEvent.PaymentCaptured, SagaEvent.PaymentDeclined, SagaEvent.PaymentSettled, SagaEvent.PaymentRefundFailed,
        SagaEvent.ShipmentScheduled, SagaEvent.ShipmentFailed, SagaEvent.ShippingSettled,
        SagaEvent.OrderPlacementDeferred {

    /** The Kafka key and CloudEvent subject of every saga event. */
    UUID orderId();

    /** Schema version of this payload; bumped (with a new {@link EventType}) on an incompatible change. */
    default int version() {
        return EventType.of(this).version();
    }

    // ---- order-service (topic checkout.orders) ----

    /**
     * An order was accepted. Carries what later steps need (total, payment token, address) so that
     * no participant has to ask another service anything during the saga.
     */
    @RegisterForReflection
    record OrderPlaced(UUID orderId, String customerId, java.util.List<OrderLine> items, Money total,
            ShippingAddress shippingAddress, String paymentToken, java.time.Instant deadline) implements SagaEvent {
    }

    /** Step 1 of the compensation protocol: every participant must settle this order exactly once. */
    @RegisterForReflection
    record OrderCancellationRequested(UUID orderId, CancellationReason reason, String detail) implements SagaEvent {
    }

    /** The order shipped; inventory turns the reservation into a sale. */
    @RegisterForReflection
    record OrderCompleted(UUID orderId) implements SagaEvent {
    }

    /** All three participants settled; {@code undone} lists what was compensated. */
    @RegisterForReflection
    record OrderCancelled(UUID orderId, CancellationReason reason, java.util.List<String> undone) implements SagaEvent {
    }

    // ---- inventory-service (topic checkout.inventory) ----

    /**
     * All lines were reserved. Carries the order details forward for payment and shipping, and the
     * order's {@code deadline} (from OrderPlaced; null from a producer that predates it): a
     * participant starts no step for an order whose deadline has passed.
     */
    @RegisterForReflection
    record StockReserved(UUID orderId, java.util.List<StockLine> reserved, Money total, String paymentToken,
            ShippingAddress shippingAddress, java.time.Instant deadline) implements SagaEvent {

        /** Without a deadline (as before it travelled): no step is refused for lateness. */
        public StockReserved(UUID orderId, java.util.List<StockLine> reserved, Money total, String paymentToken,
                ShippingAddress shippingAddress) {
            this(orderId, reserved, total, paymentToken, shippingAddress, null);
        }
    }

    /** Nothing was reserved; {@code shortSkus} names the lines that could not be served. */
    @RegisterForReflection
    record StockRejected(UUID orderId, java.util.List<String> shortSkus) implements SagaEvent {
    }

    /** Inventory settled the order: {@code released} is empty when there was nothing to undo (tombstone). */
    @RegisterForReflection
    record InventorySettled(UUID orderId, java.util.List<StockLine> released) implements SagaEvent {
    }

    // ---- payment-service (topic checkout.payments) ----

    /** The order's total was charged; {@code deadline} as in StockReserved (null when unknown). */
    @RegisterForReflection
    record PaymentCaptured(UUID orderId, UUID paymentId, Money amount, ShippingAddress shippingAddress,
            java.time.Instant deadline) implements SagaEvent {

        /** Without a deadline (as before it travelled): no step is refused for lateness. */
        public PaymentCaptured(UUID orderId, UUID paymentId, Money amount, ShippingAddress shippingAddress) {
            this(orderId, paymentId, amount, shippingAddress, null);
        }
    }

    @RegisterForReflection
    record PaymentDeclined(UUID orderId, UUID paymentId, String reason) implements SagaEvent {
    }

    /** Payment settled the order: {@code refunded} is zero when nothing had been captured (tombstone). */
    @RegisterForReflection
    record PaymentSettled(UUID orderId, Money refunded) implements SagaEvent {
    }

    /**
     * The provider refused the refund of a cancelled order for good (an answer that resending cannot
     * change): {@code amount} is still charged and a person must act (docs/runbooks/refund-failed.md).
     * Payment has not settled; once the refund is done (by an operator's retry), PaymentSettled follows.
     */
    @RegisterForReflection
    record PaymentRefundFailed(UUID orderId, UUID paymentId, Money amount, String reason) implements SagaEvent {
    }

    // ---- shipping-service (topic checkout.shipping) ----

    @RegisterForReflection
    record ShipmentScheduled(UUID orderId, UUID shipmentId, String carrier, String trackingNumber) implements SagaEvent {
    }

    @RegisterForReflection
    record ShipmentFailed(UUID orderId, String reason) implements SagaEvent {
    }

    /** Shipping settled the order: {@code cancelledTrackingNumber} is null when nothing had been booked. */
    @RegisterForReflection
    record ShippingSettled(UUID orderId, String cancelledTrackingNumber) implements SagaEvent {
    }

    // ---- order-service to itself (topic checkout.orders.deferred) ----

    /**
     * An order accepted while order-service's database was down (docs/design.md section 4):
     * the accepted request itself, written by order-service when its database is back (which then
     * emits OrderPlaced through the outbox as usual). No participant consumes it.
     * {@code idempotencyKey} and {@code requestFingerprint} are the client's Idempotency-Key and the
     * request's fingerprint (both null without a key), so that the key is recorded with the order.
     */
    @RegisterForReflection
    record OrderPlacementDeferred(UUID orderId, String customerId, java.util.List<OrderLine> items,
            ShippingAddress shippingAddress, String paymentToken, java.time.Instant createdAt,
            java.time.Instant deadline, boolean pricesFromCache, String idempotencyKey, String requestFingerprint)
            implements SagaEvent {
    }
}
