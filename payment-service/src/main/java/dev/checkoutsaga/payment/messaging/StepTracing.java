package dev.checkoutsaga.payment.messaging;

import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.payment.persistence.Payment;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Puts a step run into the trace of the event that caused it: the payment record stores that
 * event's traceparent, the step starts a span under it, and the events the step emits carry it.
 */
@ApplicationScoped
public class StepTracing {

    @Inject
    OpenTelemetry openTelemetry;

    /** A span for one run of a step, child of the context stored on the payment record. */
    public Span start(String kind, Payment p, int attempt) {
        return openTelemetry.getTracer("dev.checkoutsaga.payment")
                .spanBuilder("payment-service step " + kind)
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(TraceContexts.restore(p.traceParent, p.traceState))
                .setAttribute("checkout.order_id", p.orderId.toString())
                .setAttribute("checkout.payment_id", p.id.toString())
                .setAttribute("checkout.step.attempt", attempt)
                .startSpan();
    }

    public static Context contextOf(Span span) {
        return Context.root().with(span);
    }
}
