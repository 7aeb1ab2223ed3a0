package dev.checkoutsaga.order.health;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.order.domain.OrderSaga.Step;
import dev.checkoutsaga.order.domain.OrderStatus;
import dev.checkoutsaga.order.domain.SagaState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Saga meters of order-service: {@code saga.orders} (gauge per state, refreshed from the database by
 * {@link OrderGaugeRefresher} so that every replica reports the same truth), {@code saga.step.duration}
 * (order creation to each milestone) and {@code saga.cancellations} (by reason).
 */
@ApplicationScoped
public class OrderMetrics {
    private final MeterRegistry registry;
    // Micrometer holds gauges weakly: keep the numbers referenced here.
    private final Map<OrderStatus, AtomicLong> byState = new EnumMap<>(OrderStatus.class);

    @Inject
    public OrderMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (OrderStatus s : OrderStatus.values()) {
            AtomicLong n = new AtomicLong();
            byState.put(s, n);
            registry.gauge("saga.orders", Tags.of("state", s.name()), n);
        }
    }

    public void counts(Map<OrderStatus, Long> counts) {
        counts.forEach((s, n) -> byState.get(s).set(n));
    }

    /** Records the milestones a step reached and the cancellation it requested, if any. */
    public void stepApplied(Instant createdAt, Step step, Instant now) {
        SagaState a = step.before();
        SagaState b = step.after();
        Duration sinceCreation = Duration.between(createdAt, now);
        if (!a.stockReserved() && b.stockReserved()) {
            step("StockReserved", sinceCreation);
        }
        if (!a.paymentCaptured() && b.paymentCaptured()) {
            step("PaymentCaptured", sinceCreation);
        }
        if (!a.shipmentScheduled() && b.shipmentScheduled()) {
            step("ShipmentScheduled", sinceCreation);
        }
        if (a.status() != OrderStatus.COMPLETED && b.status() == OrderStatus.COMPLETED) {
            step("Completed", sinceCreation);
        }
        if (a.status() != OrderStatus.CANCELLED && b.status() == OrderStatus.CANCELLED) {
            step("Cancelled", sinceCreation);
        }
        if (!a.cancellationRequested() && b.cancellationRequested()) {
            cancellation(b.reason());
        }
    }

    private void step(String name, Duration d) {
        Timer.builder("saga.step.duration").tag("step", name).publishPercentileHistogram().register(registry).record(d);
    }

    private void cancellation(CancellationReason reason) {
        Counter.builder("saga.cancellations").tag("reason", reason.name()).register(registry).increment();
    }
}
