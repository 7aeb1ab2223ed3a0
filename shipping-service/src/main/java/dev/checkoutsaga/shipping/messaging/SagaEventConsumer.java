package dev.checkoutsaga.shipping.messaging;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.SagaEvent.PaymentCaptured;
import dev.checkoutsaga.outbox.IncomingEvent;
import dev.checkoutsaga.outbox.SagaInbox;
import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import dev.checkoutsaga.shipping.domain.ShippingSaga;
import dev.checkoutsaga.shipping.persistence.ShipmentRepository;
import dev.checkoutsaga.steps.SagaEffects;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * shipping's part of the saga, inbound side: consumes checkout.payments (PaymentCaptured) and
 * checkout.orders (OrderCancellationRequested) and applies {@link ShippingSaga}'s decisions. Each
 * event runs in one transaction (via {@link SagaInbox}: inbox row, record change, scheduled steps
 * and outgoing events commit together) after locking the order's record. The carrier is never
 * called here: decisions that need it schedule a pending step ({@link BookShipmentStep},
 * {@link CancelShipmentStep}).
 */
@ApplicationScoped
public class SagaEventConsumer {
    public static final String CONSUMER_GROUP = "shipping-service";
    /** The events of checkout.payments and checkout.orders the saga map routes to this service; the others skip the inbox. */
    static final Set<EventType> HANDLED = SagaMap.handledBy(SagaMap.SHIPPING);

    @Inject
    SagaInbox inbox;
    @Inject
    SagaEffects effects;
    @Inject
    ShipmentRepository repository;
    @Inject
    ShippingMetrics metrics;

    @Incoming("saga-events")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        AtomicReference<ShipmentStatus> outcome = new AtomicReference<>();
        return inbox.handle(CONSUMER_GROUP, HANDLED, record, event -> {
            outcome.set(null); // the inbox may retry the whole transaction
            return apply(event, outcome);
        })
                // after the commit only: metrics must not count a rolled-back attempt
                .invoke(() -> metrics.entered(outcome.get()));
    }

    Uni<Void> apply(IncomingEvent event, AtomicReference<ShipmentStatus> outcome) {
        return switch (event.data()) {
            case PaymentCaptured captured -> repository.lockOrder(event.orderId()).flatMap(shipment -> {
                ShippingSaga.CaptureDecision decision = ShippingSaga.onPaymentCaptured(shipment.status);
                if (decision instanceof ShippingSaga.CreateShipment) {
                    if (captured.shippingAddress() == null) {
                        // a contract violation; retrying cannot help, so the record goes to the DLQ
                        throw new IllegalArgumentException("PaymentCaptured " + event.id() + " carries no shippingAddress");
                    }
                    shipment.address(captured.shippingAddress());
                    shipment.deadline = captured.deadline();
                }
                outcome.set(decision.status());
                return effects.apply(shipment, decision, event);
            });
            case OrderCancellationRequested cancel -> repository.lockOrder(event.orderId()).flatMap(shipment -> {
                ShippingSaga.CancelDecision decision = ShippingSaga.onCancellationRequested(shipment.status,
                        shipment.cancelRequested, shipment.settled());
                if (decision instanceof ShippingSaga.RequestCancel) {
                    shipment.cancelRequested = true;
                }
                outcome.set(decision.status());
                return effects.apply(shipment, decision, event);
            });
            default -> Uni.createFrom().voidItem(); // the other events of these topics are not shipping's
        };
    }
}
