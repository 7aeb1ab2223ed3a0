package dev.checkoutsaga.outbox;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent;
import io.opentelemetry.context.Context;

/**
 * A decoded saga event as a handler sees it: the CloudEvent envelope, the payload, and the trace
 * context of its processing span (events the handler emits join that trace).
 */
public record IncomingEvent(UUID id, EventType type, String source, Instant time, SagaEvent data, Context traceContext) {

    public UUID orderId() {
        return data.orderId();
    }
}
