package dev.checkoutsaga.outbox;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes saga events into the outbox table. Must be called inside the caller's reactive
 * transaction ({@code Panache.withTransaction} / {@code @WithTransaction}), so that the event is
 * published if and only if the state change that caused it commits.
 */
@ApplicationScoped
public class Outbox {

    /** Emits an event in the trace context that is current (e.g. the REST request's span). */
    public Uni<OutboxEvent> emit(SagaEvent event) {
        return emit(event, Context.current());
    }

    /** Emits an event caused by an incoming one: it joins the incoming event's trace. */
    public Uni<OutboxEvent> emit(SagaEvent event, IncomingEvent cause) {
        return emit(event, cause.traceContext());
    }

    public Uni<OutboxEvent> emit(SagaEvent event, Context traceContext) {
        return row(event, traceContext).persist();
    }

    /** The outbox row of an event (not persisted): also what {@link DirectPublisher} sends. */
    static OutboxEvent row(SagaEvent event, Context traceContext) {
        EventType type = EventType.of(event);
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.aggregateId = event.orderId().toString();
        row.topic = type.topic();
        row.eventType = type.ceType();
        row.payload = EventCodec.toJson(event);
        row.createdAt = Instant.now();
        Map<String, String> trace = TraceContexts.capture(traceContext);
        row.traceParent = trace.get(TraceContexts.TRACEPARENT);
        row.traceState = trace.get(TraceContexts.TRACESTATE);
        return row;
    }
}
