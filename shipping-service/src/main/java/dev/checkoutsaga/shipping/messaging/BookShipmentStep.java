package dev.checkoutsaga.shipping.messaging;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.shipping.client.CarrierClient;
import dev.checkoutsaga.shipping.domain.CarrierBooking;
import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import dev.checkoutsaga.shipping.domain.ShippingSaga;
import dev.checkoutsaga.shipping.persistence.ShipmentRepository;
import dev.checkoutsaga.steps.PendingStep;
import dev.checkoutsaga.steps.PendingSteps;
import dev.checkoutsaga.steps.SagaEffects;
import dev.checkoutsaga.steps.StepHandler;
import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Step "book": books the order's shipment at the carrier, outside the Kafka consumer.
 * <ol>
 * <li>Transaction 1: lock the record and decide ({@link ShippingSaga#beforeBooking}): skip a
 * record that moved on, settle without calling when the order was cancelled before the first
 * attempt, else read what the call needs.</li>
 * <li>The call, outside any transaction, with {@code Idempotency-Key: book-<shipmentId>} on every
 * attempt: a retry after a crash or a lost answer learns the first booking's outcome instead of
 * booking twice. No answer (timeout, 5xx, ...) fails the Uni: the worker retries with backoff.</li>
 * <li>Transaction 2: lock the record again (a cancellation may have arrived during the call),
 * record the outcome ({@link ShippingSaga#onBookingOutcome}), emit, complete the step.</li>
 * </ol>
 */
@ApplicationScoped
public class BookShipmentStep implements StepHandler {
    private static final Logger LOG = Logger.getLogger(BookShipmentStep.class);

    @Inject
    ShipmentRepository repository;
    @Inject
    CarrierClient carrier;
    @Inject
    PendingSteps steps;
    @Inject
    SagaEffects effects;
    @Inject
    ShippingMetrics metrics;

    /** What the call needs, read under the lock of transaction 1. */
    private record Call(UUID orderId, UUID shipmentId, ShippingAddress address) {
    }

    @Override
    public String kind() {
        return ShippingSaga.BOOK;
    }

    @Override
    public Uni<Void> run(PendingStep step) {
        AtomicReference<ShipmentStatus> outcome = new AtomicReference<>();
        return Panache.withTransaction(() -> start(step, outcome))
                .flatMap(call -> call == null ? Uni.createFrom().voidItem()
                        : carrier.book(ShippingSaga.bookingKey(call.shipmentId()), call.orderId(), call.address())
                                .flatMap(booking -> Panache.withTransaction(() -> record(step, booking, outcome))))
                .invoke(() -> metrics.entered(outcome.get()));
    }

    /** The call to make, or null when the step is done without one. */
    private Uni<Call> start(PendingStep step, AtomicReference<ShipmentStatus> outcome) {
        return repository.lockExisting(step.orderId()).flatMap(shipment -> {
            if (shipment == null) {
                LOG.warnf("step %s for order %s has no shipment record; dropped", step.kind(), step.orderId());
                return steps.complete(step).replaceWith((Call) null);
            }
            Span.fromContext(step.trace()).setAttribute("checkout.shipment_id", shipment.shipmentId.toString());
            boolean deadlinePassed = shipment.deadline != null && !java.time.Instant.now().isBefore(shipment.deadline);
            ShippingSaga.BookStart decision = ShippingSaga.beforeBooking(shipment.status, shipment.cancelRequested,
                    step.isRetry(), deadlinePassed);
            if (decision instanceof ShippingSaga.CallCarrier) {
                return Uni.createFrom().item(new Call(shipment.orderId, shipment.shipmentId, shipment.address()));
            }
            outcome.set(decision.status());
            return effects.apply(shipment, decision, "step " + kind(), step.trace())
                    .chain(() -> steps.complete(step))
                    .replaceWith((Call) null);
        });
    }

    private Uni<Void> record(PendingStep step, CarrierBooking booking, AtomicReference<ShipmentStatus> outcome) {
        return repository.lockExisting(step.orderId()).flatMap(shipment -> {
            if (shipment == null) {
                return steps.complete(step);
            }
            ShippingSaga.BookDecision decision = ShippingSaga.onBookingOutcome(shipment.status,
                    shipment.cancelRequested, booking);
            if (!(decision instanceof ShippingSaga.IgnoreOutcome)) {
                shipment.recordBooking(booking);
            }
            outcome.set(decision.status());
            return effects.apply(shipment, decision, "carrier answered " + kind(), step.trace())
                    .chain(() -> steps.complete(step));
        });
    }
}
