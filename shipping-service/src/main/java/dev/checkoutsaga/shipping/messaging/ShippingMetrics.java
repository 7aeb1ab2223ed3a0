package dev.checkoutsaga.shipping.messaging;

import java.util.EnumMap;
import java.util.Map;

import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import io.micrometer.core.instrument.Counter;
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
    private final Map<ShipmentStatus, Counter> byOutcome = new EnumMap<>(ShipmentStatus.class);

    @Inject
    public ShippingMetrics(MeterRegistry registry) {
        // registered up front so that every series exists (at 0) before the first order
        register(registry, ShipmentStatus.SCHEDULED, "scheduled");
        register(registry, ShipmentStatus.FAILED, "failed");
        register(registry, ShipmentStatus.CANCELLED, "cancelled");
        register(registry, ShipmentStatus.TOMBSTONE, "tombstone");
    }

    private void register(MeterRegistry registry, ShipmentStatus status, String outcome) {
        byOutcome.put(status, Counter.builder("shipping.shipments").tag("outcome", outcome)
                .description("Shipments by outcome").register(registry));
    }

    /** A record entered this status; counts only the outcome statuses. */
    public void entered(ShipmentStatus status) {
        Counter c = status == null ? null : byOutcome.get(status);
        if (c != null) {
            c.increment();
        }
    }
}
