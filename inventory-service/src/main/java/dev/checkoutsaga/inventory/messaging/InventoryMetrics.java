package dev.checkoutsaga.inventory.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** inventory's own meters; the inbox/outbox meters come from platform/outbox (SagaMetrics). */
@ApplicationScoped
public class InventoryMetrics {
    private final Counter reserved;
    private final Counter rejected;

    @Inject
    public InventoryMetrics(MeterRegistry registry) {
        // registered up front so that both series exist (at 0) before the first order
        reserved = Counter.builder("inventory.reservations").tag("outcome", "reserved")
                .description("OrderPlaced decisions by outcome").register(registry);
        rejected = Counter.builder("inventory.reservations").tag("outcome", "rejected")
                .description("OrderPlaced decisions by outcome").register(registry);
    }

    public void reservation(boolean wasReserved) {
        (wasReserved ? reserved : rejected).increment();
    }
}
