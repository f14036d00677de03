package dev.parley.gateway.tracing;

import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.tracing.TraceContexts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

import java.util.Optional;

/**
 * Carries the trace of the request that set a call up (Twilio's voice webhook) to the media stream that then runs
 * the call: the webhook puts its W3C {@code traceparent} among the stream's parameters, Twilio hands them back in
 * the stream's start message, and the call's own trace links to it. The call stays a trace of its own (its root is
 * the call span); the link lets a trace viewer go from one to the other.
 */
public final class SetupTrace {

    public static final String PARAMETER = "traceparent";

    private SetupTrace() {
    }

    /** The traceparent of the span current on this thread; empty when the request is not traced. */
    public static Optional<String> current() {
        String traceparent = TraceContexts.of(Context.current()).getTraceparent();
        return traceparent.isEmpty() ? Optional.empty() : Optional.of(traceparent);
    }

    /** The span a traceparent names; invalid when it is missing or malformed (a link is then left out). */
    public static SpanContext parse(String traceparent) {
        TraceContext wire = TraceContext.newBuilder().setTraceparent(traceparent == null ? "" : traceparent.strip())
                .build();
        return Span.fromContext(TraceContexts.parentOf(wire)).getSpanContext();
    }
}
