package dev.checkoutsaga.shipping.messaging;

import java.util.EnumSet;

import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import dev.checkoutsaga.steps.OutcomeCounters;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * shipping's own meters ({@code shipping.shipments{outcome}}, Prometheus
 * {@code shipping_shipments_total}): how many shipments reached each outcome: scheduled (booked),
 * failed (not deliverable), cancelled (cancelled at the carrier, or settled before it was booked),
 * tombstone (cancelled before shipping heard of the order). Counted after the commit only.
 * The inbox/outbox/step meters come from the platform.
 */
@ApplicationScoped
public class ShippingMetrics {
    private final OutcomeCounters<ShipmentStatus> outcomes;

    @Inject
    public ShippingMetrics(MeterRegistry registry) {
        outcomes = new OutcomeCounters<>(registry, "shipping.shipments", "Shipments by outcome", ShipmentStatus.class,
                EnumSet.of(ShipmentStatus.SCHEDULED, ShipmentStatus.FAILED, ShipmentStatus.CANCELLED,
                        ShipmentStatus.TOMBSTONE));
    }

    /** A shipment entered this status; counts only the outcome statuses. */
    public void entered(ShipmentStatus status) {
        outcomes.entered(status);
    }
}
