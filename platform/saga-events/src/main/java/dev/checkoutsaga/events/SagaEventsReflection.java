package dev.checkoutsaga.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers the event contract for reflection in native images. {@link EventCodec} turns payloads
 * into Kafka bytes with its own {@code ObjectMapper} (outbox relay, inbox, deferred orders), outside
 * Quarkus REST, so nothing else tells the native build that Jackson reads and writes these records:
 * without this a native service would fail on the first event. Services also store some of these
 * types as JSON in their tables ({@code StockLine} lists in order-service, {@code ShippingAddress} in
 * payment-service).
 * <p>
 * Every payload of {@link EventType} and every type one of them contains is listed (records are not
 * registered transitively); {@code SagaEventsReflectionTest} fails when a new one is missing. The
 * module carries a {@code META-INF/beans.xml} so that Quarkus indexes it and finds this annotation.
 */
@RegisterForReflection(targets = {
        SagaEvent.OrderPlaced.class,
        SagaEvent.OrderCancellationRequested.class,
        SagaEvent.OrderCompleted.class,
        SagaEvent.OrderCancelled.class,
        SagaEvent.StockReserved.class,
        SagaEvent.StockRejected.class,
        SagaEvent.InventorySettled.class,
        SagaEvent.PaymentCaptured.class,
        SagaEvent.PaymentDeclined.class,
        SagaEvent.PaymentSettled.class,
        SagaEvent.PaymentRefundFailed.class,
        SagaEvent.ShipmentScheduled.class,
        SagaEvent.ShipmentFailed.class,
        SagaEvent.ShippingSettled.class,
        SagaEvent.OrderPlacementDeferred.class,
        Money.class,
        OrderLine.class,
        StockLine.class,
        ShippingAddress.class,
        CancellationReason.class,
})
public final class SagaEventsReflection {
    private SagaEventsReflection() {
    }
}
