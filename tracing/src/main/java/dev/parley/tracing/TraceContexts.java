package dev.parley.tracing;

import dev.parley.contracts.trace.v1.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;

import java.util.List;

/**
 * W3C trace context on the live path's wire: a span's context into the {@link TraceContext} of a per-turn message,
 * and back into the parent of the receiving service's span. Only W3C {@code traceparent}/{@code tracestate}: the same
 * headers the events carry in Kafka, whatever propagators a service has configured.
 */
public final class TraceContexts {
    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private TraceContexts() {
    }

    /** The wire form of {@code span}'s context; empty when the span is not recorded anywhere (tracing off). */
    public static TraceContext of(Span span) {
        return of(Context.root().with(span));
    }

    public static TraceContext of(Context context) {
        TraceContext.Builder wire = TraceContext.newBuilder();
        W3C.inject(context, wire, (carrier, key, value) -> {
            if (TRACEPARENT.equals(key)) {
                carrier.setTraceparent(value);
            } else if (TRACESTATE.equals(key)) {
                carrier.setTracestate(value);
            }
        });
        return wire.build();
    }

    /** The remote parent a message names, or the root context when it names none (or a malformed one). */
    public static Context parentOf(TraceContext wire) {
        if (wire == null || wire.getTraceparent().isEmpty()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), wire, WIRE);
    }

    private static final TextMapGetter<TraceContext> WIRE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(TraceContext carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(TraceContext carrier, String key) {
            if (carrier == null) {
                return null;
            }
            String value = TRACEPARENT.equals(key) ? carrier.getTraceparent()
                    : TRACESTATE.equals(key) ? carrier.getTracestate() : "";
            return value.isEmpty() ? null : value;
        }
    };
}
