package dev.checkoutsaga.outbox;

import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

/**
 * The keys every saga log line carries (docs/design.md section 5): {@code orderId}, and the
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

    /** {@link #enter(String, SpanContext)} with the span of a stored trace context (a step's record). */
    public static void enter(String orderId, Context trace) {
        enter(orderId, Span.fromContext(trace).getSpanContext());
    }

    /**
     * Tags the log lines of a request about one order (REST): Quarkus already puts the request span's
     * {@code traceId}/{@code spanId} on them, and drops the whole MDC with the request's context.
     */
    public static void tagOrder(String orderId) {
        MDC.put(ORDER_ID, orderId);
    }

    /**
     * Puts back, when run, the trace keys the MDC holds now. Closing an OpenTelemetry scope on a
     * Vert.x context removes them (Quarkus resets the MDC to the context that was current before,
     * here none), and the step's later lines would lose their trace.
     */
    static Runnable keepTrace() {
        Object traceId = MDC.get(TRACE_ID);
        Object spanId = MDC.get(SPAN_ID);
        return () -> {
            if (traceId != null) {
                MDC.put(TRACE_ID, traceId);
            }
            if (spanId != null) {
                MDC.put(SPAN_ID, spanId);
            }
        };
    }

    public static void leave() {
        MDC.remove(ORDER_ID);
        MDC.remove(TRACE_ID);
        MDC.remove(SPAN_ID);
    }
}
