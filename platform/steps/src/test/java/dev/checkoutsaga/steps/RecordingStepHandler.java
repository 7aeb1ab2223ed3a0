package dev.checkoutsaga.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/**
 * The step kind {@value #KIND} of StepWorkerTest: records every run (order, attempt, time), can be
 * told to take a while or to fail a number of times, and otherwise completes its step the way real
 * handlers do (in its own transaction).
 */
@Singleton // no client proxy: the test reads and sets its fields directly
public class RecordingStepHandler implements StepHandler {
    static final String KIND = "test";

    /** One run: {@code span} is the worker's span of it, {@code currentWhileRunning} the span current in the handler. */
    record Run(UUID orderId, int attempt, Instant at, Span span, SpanContext currentWhileRunning) {
    }

    @Inject
    PendingSteps pendingSteps;
    @Inject
    Vertx vertx;

    final List<Run> runs = new CopyOnWriteArrayList<>();
    final AtomicInteger runningNow = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final Map<UUID, Duration> slowness = new ConcurrentHashMap<>();
    final Map<UUID, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(PendingStep step) {
        runs.add(new Run(step.orderId(), step.attempts(), Instant.now(), Span.fromContext(step.trace()),
                Span.current().getSpanContext()));
        mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
        Duration slow = slowness.getOrDefault(step.orderId(), Duration.ZERO);
        return pause(slow)
                .chain(() -> {
                    AtomicInteger left = failuresLeft.get(step.orderId());
                    if (left != null && left.getAndDecrement() > 0) {
                        return Uni.createFrom().failure(new IllegalStateException("third party down"));
                    }
                    return Panache.withTransaction(() -> pendingSteps.complete(step));
                })
                .eventually(runningNow::decrementAndGet);
    }

    /** A third-party call that takes this long, without blocking the event loop (the timer fires on this context). */
    private Uni<Void> pause(Duration d) {
        if (d.isZero()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(e -> vertx.setTimer(d.toMillis(), id -> e.complete(null)));
    }

    List<Run> runsOf(UUID orderId) {
        return runs.stream().filter(r -> r.orderId().equals(orderId)).toList();
    }
}
