package dev.checkoutsaga.outbox;

import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.SpanContext;

/**
 * The keys every saga log line carries (DESIGN.md section 5): {@code orderId}, and the
 * {@code traceId}/{@code spanId} of the step's span, so that a JSON log line in a cluster leads
 * to the order and to its trace in Jaeger. Quarkus keeps the MDC per Vert.x context, and each
 * consumed record is handled on a context of its own, so the keys cannot leak to another event;
 * they are still removed when the handling ends.
 */
public final class SagaLogContext {
    public static final String ORDER_ID = "orderId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private SagaLogContext() {
    }

    public static void enter(String orderId, SpanContext span) {
        MDC.put(ORDER_ID, orderId);
        if (span.isValid()) {
            MDC.put(TRACE_ID, span.getTraceId());
            MDC.put(SPAN_ID, span.getSpanId());
        }
    }

    public static void leave() {
        MDC.remove(ORDER_ID);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
    }
}
