package dev.parley.gateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Carries the trace of the request that set a call up (Twilio's voice webhook) to the media stream that then runs
 * the call: the webhook puts its W3C {@code traceparent} among the stream's parameters, Twilio hands them back in
 * the stream's start message, and the call's own trace links to it. The call stays a trace of its own (its root is
 * the call span); the link lets a trace viewer go from one to the other.
 */
public final class SetupTrace {

    public static final String PARAMETER = "traceparent";

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private SetupTrace() {
    }

    /** The traceparent of the span current on this thread; empty when the request is not traced. */
    public static Optional<String> current() {
        if (!Span.current().getSpanContext().isValid()) {
            return Optional.empty();
        }
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return Optional.ofNullable(carrier.get(PARAMETER));
    }

    /** The span a traceparent names; invalid when it is missing or malformed (a link is then left out). */
    public static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return SpanContext.getInvalid();
        }
        Context extracted = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of(PARAMETER, traceparent.strip()), MAP);
        return Span.fromContext(extracted).getSpanContext();
    }
}
