package dev.checkoutsaga.shipping.messaging;

import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.checkoutsaga.shipping.client.CarrierClient;
import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import dev.checkoutsaga.shipping.domain.ShippingSaga;
import dev.checkoutsaga.shipping.persistence.ShipmentRecord;
import dev.checkoutsaga.shipping.persistence.ShipmentRepository;
import dev.checkoutsaga.steps.PendingStep;
import dev.checkoutsaga.steps.PendingSteps;
import dev.checkoutsaga.steps.SagaEffects;
import dev.checkoutsaga.steps.StepHandler;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Step "cancel-shipment": cancels a booked shipment at the carrier
 * ({@code POST /v1/shipments/{id}/cancel}, {@code Idempotency-Key: cancel-<shipmentId>}), then in
 * one transaction marks it CANCELLED, emits ShippingSettled(trackingNumber) and completes the
 * step. Any answer but 200 fails the Uni: the worker retries with backoff until the carrier
 * confirms (a booked shipment of a cancelled order must not stay live).
 */
@ApplicationScoped
public class CancelShipmentStep implements StepHandler {
    private static final Logger LOG = Logger.getLogger(CancelShipmentStep.class);

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

    @Override
    public String kind() {
        return ShippingSaga.CANCEL_SHIPMENT;
    }

    @Override
    public Uni<Void> run(PendingStep step) {
        AtomicReference<ShipmentStatus> outcome = new AtomicReference<>();
        return Panache.withSession(() -> ShipmentRecord.<ShipmentRecord>findById(step.orderId()))
                .flatMap(shipment -> {
                    if (shipment == null || !ShippingSaga.needsCarrierCancellation(shipment.status)) {
                        LOG.infof("step %s for order %s skipped: shipment is %s", step.kind(), step.orderId(),
                                shipment == null ? "missing" : shipment.status);
                        return Panache.withTransaction(() -> steps.complete(step));
                    }
                    return carrier.cancel(ShippingSaga.cancellationKey(shipment.shipmentId), shipment.carrierShipmentId)
                            .flatMap(ok -> Panache.withTransaction(() -> record(step, outcome)));
                })
                .invoke(() -> metrics.entered(outcome.get()));
    }

    private Uni<Void> record(PendingStep step, AtomicReference<ShipmentStatus> outcome) {
        return repository.lockExisting(step.orderId()).flatMap(shipment -> {
            if (shipment == null) {
                return steps.complete(step);
            }
            ShippingSaga.CarrierCancelDecision decision = ShippingSaga.onCarrierCancelled(shipment.status);
            outcome.set(decision.status());
            return effects.apply(shipment, decision, "carrier answered " + kind(), step.trace())
                    .chain(() -> steps.complete(step));
        });
    }
}
