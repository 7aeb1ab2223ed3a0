package dev.checkoutsaga.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.smallrye.mutiny.Uni;

/**
 * W3C trace context to and from plain strings, so that the context an outbox row was written in
 * can be stored with the row and restored when the relay publishes it.
 */
public final class TraceContexts {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContexts() {
    }

    /** {@code traceparent}/{@code tracestate} of the given context; empty when it has no valid span. */
    public static Map<String, String> capture(Context context) {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        return carrier;
    }

    public static Context restore(String traceParent, String traceState) {
        if (traceParent == null) {
            return Context.root();
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put(TRACEPARENT, traceParent);
        if (traceState != null) {
            carrier.put(TRACESTATE, traceState);
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP_GETTER);
    }

    /**
     * Runs {@code call} with {@code context} current from its subscription until it ends, so that the
     * spans it starts (a REST client's call to the provider or the carrier) join that trace. A step
     * runs on a Vert.x context of its own, outside the span of the event that registered it; without
     * this, each of its outbound calls would start a trace of its own.
     */
    public static <T> Uni<T> within(Context context, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            Runnable restoreLogContext = SagaLogContext.keepTrace();
            Scope scope = context.makeCurrent();
            Runnable end = () -> {
                scope.close();
                restoreLogContext.run();
            };
            try {
                return call.get().onTermination().invoke(end);
            } catch (RuntimeException e) {
                end.run();
                throw e;
            }
        });
    }

    /** The 32-hex-digit trace id of a {@code traceparent} value ({@code 00-<trace>-<span>-<flags>}), or null. */
    public static String traceIdOf(String traceParent) {
        if (traceParent == null) {
            return null;
        }
        String[] parts = traceParent.split("-");
        return parts.length == 4 ? parts[1] : null;
    }
}
