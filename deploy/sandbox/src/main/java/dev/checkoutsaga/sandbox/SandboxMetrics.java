package dev.checkoutsaga.sandbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The sandbox's counters (Prometheus renders the dots as underscores, counters get {@code _total}).
 * They count executions only, never replays, and are not cleared by an admin reset (counters are
 * monotonic).
 * <ul>
 * <li>{@code sandbox.charges{status=succeeded|failed, failure_code=none|card_declined|...}}</li>
 * <li>{@code sandbox.refunds}, {@code sandbox.refunded.amount} (minor units, all currencies summed)</li>
 * <li>{@code sandbox.shipments{event=booked|cancelled|undeliverable}}</li>
 * <li>{@code sandbox.idempotency.replays{endpoint}}</li>
 * <li>gauges {@code sandbox.idempotency.waiting} (repeats waiting for an in-flight first request) and
 * {@code sandbox.idempotency.keys} (keys held), registered by {@code Idempotency}</li>
 * </ul>
 */
@ApplicationScoped
public class SandboxMetrics {

    @Inject
    MeterRegistry registry;

    public void charge(String status, String failureCode) {
        registry.counter("sandbox.charges", "status", status, "failure_code", failureCode == null ? "none" : failureCode)
                .increment();
    }

    public void refund(long amount) {
        registry.counter("sandbox.refunds").increment();
        Counter.builder("sandbox.refunded.amount").baseUnit("minor_units").register(registry).increment(amount);
    }

    public void shipment(String event) {
        registry.counter("sandbox.shipments", "event", event).increment();
    }

    public void replay(String endpoint) {
        registry.counter("sandbox.idempotency.replays", "endpoint", endpoint).increment();
    }
}
