package dev.checkoutsaga.shipping.messaging;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.SagaEvent.PaymentCaptured;
import dev.checkoutsaga.events.SagaEvent.ShippingSettled;
import dev.checkoutsaga.outbox.IncomingEvent;
import dev.checkoutsaga.outbox.Outbox;
import dev.checkoutsaga.outbox.SagaInbox;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import dev.checkoutsaga.shipping.domain.ShippingSaga;
import dev.checkoutsaga.shipping.persistence.ShipmentRecord;
import dev.checkoutsaga.shipping.persistence.ShipmentRepository;
import dev.checkoutsaga.steps.PendingSteps;
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
    private static final Logger LOG = Logger.getLogger(SagaEventConsumer.class);
    public static final String CONSUMER_GROUP = "shipping-service";
    /** The events of checkout.payments and checkout.orders the saga map routes to this service; the others skip the inbox. */
    static final Set<EventType> HANDLED = SagaMap.handledBy(SagaMap.SHIPPING);

    @Inject
    SagaInbox inbox;
    @Inject
    Outbox outbox;
    @Inject
    PendingSteps steps;
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
            case PaymentCaptured captured -> captured(event, captured);
            case OrderCancellationRequested cancel -> cancel(event, outcome);
            default -> Uni.createFrom().voidItem(); // the other events of these topics are not shipping's
        };
    }

    private Uni<Void> captured(IncomingEvent event, PaymentCaptured captured) {
        return repository.lockOrder(event.orderId()).flatMap(shipment -> {
            ShippingSaga.CaptureDecision decision = ShippingSaga.onPaymentCaptured(shipment.status);
            return switch (decision) {
                case ShippingSaga.CreateShipment create -> {
                    if (captured.shippingAddress() == null) {
                        // a contract violation; retrying cannot help, so the record goes to the DLQ
                        throw new IllegalArgumentException("PaymentCaptured " + event.id() + " carries no shippingAddress");
                    }
                    ShipmentRepository.touch(shipment, ShipmentStatus.PENDING);
                    shipment.address(captured.shippingAddress());
                    shipment.deadline = captured.deadline();
                    rememberTrace(shipment, event);
                    LOG.infof("Order %s paid: shipment %s pending", shipment.orderId, shipment.shipmentId);
                    yield steps.schedule(shipment.orderId, ShippingSaga.BOOK).replaceWithVoid();
                }
                case ShippingSaga.IgnoreCapture ignore -> {
                    LOG.infof("PaymentCaptured %s for order %s ignored: %s", event.id(), shipment.orderId, ignore.why());
                    yield Uni.createFrom().voidItem();
                }
            };
        });
    }

    private Uni<Void> cancel(IncomingEvent event, AtomicReference<ShipmentStatus> outcome) {
        return repository.lockOrder(event.orderId()).flatMap(shipment -> {
            ShippingSaga.CancelDecision decision = ShippingSaga.onCancellationRequested(shipment.status,
                    shipment.cancelRequested, shipment.settled());
            return switch (decision) {
                case ShippingSaga.Tombstone t -> {
                    ShipmentRepository.settle(shipment, ShipmentStatus.TOMBSTONE);
                    outcome.set(ShipmentStatus.TOMBSTONE);
                    yield settled(shipment, event);
                }
                case ShippingSaga.RequestCancel r -> {
                    shipment.cancelRequested = true;
                    ShipmentRepository.touch(shipment, shipment.status);
                    rememberTrace(shipment, event);
                    LOG.infof("Order %s cancelled while its booking is pending: the booking step settles", shipment.orderId);
                    yield Uni.createFrom().voidItem();
                }
                case ShippingSaga.CancelAtCarrier c -> {
                    ShipmentRepository.touch(shipment, ShipmentStatus.CANCEL_PENDING);
                    rememberTrace(shipment, event);
                    yield steps.schedule(shipment.orderId, ShippingSaga.CANCEL_SHIPMENT).replaceWithVoid();
                }
                case ShippingSaga.SettleNothingBooked s -> {
                    ShipmentRepository.settle(shipment, shipment.status);
                    yield settled(shipment, event);
                }
                case ShippingSaga.IgnoreCancel ignore -> {
                    LOG.infof("Cancellation %s for order %s ignored: %s", event.id(), shipment.orderId, ignore.why());
                    yield Uni.createFrom().voidItem();
                }
            };
        });
    }

    private Uni<Void> settled(ShipmentRecord shipment, IncomingEvent event) {
        return outbox.emit(new ShippingSettled(shipment.orderId, null), event).replaceWithVoid();
    }

    /** The step's events join the trace of the event that caused the step. */
    private static void rememberTrace(ShipmentRecord shipment, IncomingEvent event) {
        Map<String, String> trace = TraceContexts.capture(event.traceContext());
        shipment.traceParent = trace.get(TraceContexts.TRACEPARENT);
        shipment.traceState = trace.get(TraceContexts.TRACESTATE);
    }
}
