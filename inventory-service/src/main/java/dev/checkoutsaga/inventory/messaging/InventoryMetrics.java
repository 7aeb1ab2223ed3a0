package dev.checkoutsaga.inventory.messaging;

import java.util.EnumSet;

import dev.checkoutsaga.inventory.domain.OrderStockStatus;
import dev.checkoutsaga.steps.OutcomeCounters;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * inventory's own meters ({@code inventory.reservations{outcome}}, Prometheus
 * {@code inventory_reservations_total}): how OrderPlaced was decided, reserved or rejected. Counted
 * after the commit only. The inbox/outbox meters come from the platform.
 */
@ApplicationScoped
public class InventoryMetrics {
    private final OutcomeCounters<OrderStockStatus> placements;

    @Inject
    public InventoryMetrics(MeterRegistry registry) {
        placements = new OutcomeCounters<>(registry, "inventory.reservations", "OrderPlaced decisions by outcome",
                OrderStockStatus.class, EnumSet.of(OrderStockStatus.RESERVED, OrderStockStatus.REJECTED));
    }

    /** An OrderPlaced decision made the order's record enter this status (null: it was ignored). */
    public void entered(OrderStockStatus status) {
        placements.entered(status);
    }
}
