package dev.checkoutsaga.steps;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One counter per outcome status of a participant's records ({@code <name>{outcome=<status in lower
 * case>}}), incremented when a record enters one of them. The caller counts after its transaction
 * committed, so a rolled-back or retried attempt is never counted. Every series is registered up
 * front, at 0, so that dashboards and alerts see it before the first order.
 */
public final class OutcomeCounters<S extends Enum<S>> {
    private final Map<S, Counter> counters;

    public OutcomeCounters(MeterRegistry registry, String name, String description, Class<S> type, Set<S> outcomes) {
        counters = new EnumMap<>(type);
        for (S outcome : outcomes) {
            counters.put(outcome, Counter.builder(name).tag("outcome", outcome.name().toLowerCase())
                    .description(description).register(registry));
        }
    }

    /** A record entered {@code status} (null: none); counts only the outcome statuses. */
    public void entered(S status) {
        Counter c = status == null ? null : counters.get(status);
        if (c != null) {
            c.increment();
        }
    }
}
