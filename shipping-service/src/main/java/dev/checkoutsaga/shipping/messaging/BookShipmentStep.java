package dev.checkoutsaga.shipping.messaging;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.SagaEvent.ShipmentFailed;
import dev.checkoutsaga.events.SagaEvent.ShipmentScheduled;
import dev.checkoutsaga.events.SagaEvent.ShippingSettled;
import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.outbox.Outbox;
import dev.checkoutsaga.outbox.SagaLogContext;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.shipping.client.CarrierClient;
import dev.checkoutsaga.shipping.domain.CarrierBooking;
import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import dev.checkoutsaga.shipping.domain.ShippingSaga;
import dev.checkoutsaga.shipping.persistence.ShipmentRecord;
import dev.checkoutsaga.shipping.persistence.ShipmentRepository;
import dev.checkoutsaga.steps.PendingStep;
import dev.checkoutsaga.steps.PendingSteps;
import dev.checkoutsaga.steps.StepHandler;
import io.opentelemetry.context.Context;
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
    Outbox outbox;
    @Inject
    ShippingMetrics metrics;

    /** What the call needs, read under the lock of transaction 1. */
    private record Call(UUID orderId, UUID shipmentId, ShippingAddress address, Context trace) {
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
                        : TraceContexts.within(call.trace(),
                                () -> carrier.book(ShippingSaga.bookingKey(call.shipmentId()), call.orderId(),
                                        call.address()))
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
            SagaLogContext.enter(shipment.orderId.toString(), trace(shipment));
            boolean deadlinePassed = shipment.deadline != null && !java.time.Instant.now().isBefore(shipment.deadline);
            return switch (ShippingSaga.beforeBooking(shipment.status, shipment.cancelRequested, step.isRetry(),
                    deadlinePassed)) {
                case ShippingSaga.CallCarrier c ->
                    Uni.createFrom().item(new Call(shipment.orderId, shipment.shipmentId, shipment.address(),
                            trace(shipment)));
                case ShippingSaga.SettleWithoutBooking s -> {
                    LOG.infof("Order %s cancelled before its shipment was booked: settled without booking",
                            shipment.orderId);
                    ShipmentRepository.settle(shipment, ShipmentStatus.CANCELLED);
                    outcome.set(ShipmentStatus.CANCELLED);
                    yield outbox.emit(new ShippingSettled(shipment.orderId, null), trace(shipment))
                            .chain(() -> steps.complete(step))
                            .replaceWith((Call) null);
                }
                case ShippingSaga.ExpireWithoutBooking e -> {
                    LOG.infof("Order %s: its deadline %s passed before its shipment was booked; nothing booked, "
                            + "the cancellation settles it", shipment.orderId, shipment.deadline);
                    ShipmentRepository.touch(shipment, ShipmentStatus.EXPIRED);
                    yield steps.complete(step).replaceWith((Call) null);
                }
                case ShippingSaga.SkipBooking skip -> {
                    LOG.infof("step %s for order %s skipped: %s", step.kind(), step.orderId(), skip.why());
                    yield steps.complete(step).replaceWith((Call) null);
                }
            };
        });
    }

    private Uni<Void> record(PendingStep step, CarrierBooking booking, AtomicReference<ShipmentStatus> outcome) {
        return repository.lockExisting(step.orderId()).flatMap(shipment -> {
            if (shipment == null) {
                return steps.complete(step);
            }
            Uni<?> effect = switch (ShippingSaga.onBookingOutcome(shipment.status, shipment.cancelRequested, booking)) {
                case ShippingSaga.Schedule s -> {
                    booked(shipment, s.booking());
                    ShipmentRepository.touch(shipment, ShipmentStatus.SCHEDULED);
                    outcome.set(ShipmentStatus.SCHEDULED);
                    LOG.infof("Order %s: shipment booked, tracking %s", shipment.orderId, shipment.trackingNumber);
                    yield outbox.emit(new ShipmentScheduled(shipment.orderId, shipment.shipmentId, shipment.carrier,
                            shipment.trackingNumber), trace(shipment));
                }
                case ShippingSaga.Fail f -> {
                    shipment.failureReason = truncate(f.reason());
                    ShipmentRepository.touch(shipment, ShipmentStatus.FAILED);
                    outcome.set(ShipmentStatus.FAILED);
                    LOG.infof("Order %s: shipment failed: %s", shipment.orderId, f.reason());
                    yield outbox.emit(new ShipmentFailed(shipment.orderId, f.reason()), trace(shipment));
                }
                case ShippingSaga.CancelBooking c -> {
                    booked(shipment, c.booking());
                    ShipmentRepository.touch(shipment, ShipmentStatus.CANCEL_PENDING);
                    LOG.infof("Order %s was cancelled while its shipment was being booked: cancelling %s",
                            shipment.orderId, shipment.carrierShipmentId);
                    yield steps.schedule(shipment.orderId, ShippingSaga.CANCEL_SHIPMENT);
                }
                case ShippingSaga.SettleUndeliverable u -> {
                    shipment.failureReason = truncate(u.reason());
                    ShipmentRepository.settle(shipment, ShipmentStatus.FAILED);
                    outcome.set(ShipmentStatus.FAILED);
                    yield outbox.emit(new ShippingSettled(shipment.orderId, null), trace(shipment));
                }
                case ShippingSaga.IgnoreOutcome ignore -> {
                    LOG.infof("booking outcome for order %s ignored: %s", shipment.orderId, ignore.why());
                    yield Uni.createFrom().voidItem();
                }
            };
            return effect.chain(() -> steps.complete(step));
        });
    }

    private static void booked(ShipmentRecord shipment, CarrierBooking.Booked booking) {
        shipment.carrier = booking.carrier();
        shipment.carrierShipmentId = booking.carrierShipmentId();
        shipment.trackingNumber = booking.trackingNumber();
    }

    static Context trace(ShipmentRecord shipment) {
        return TraceContexts.restore(shipment.traceParent, shipment.traceState);
    }

    private static String truncate(String reason) {
        return reason != null && reason.length() > 500 ? reason.substring(0, 500) : reason;
    }
}
