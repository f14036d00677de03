package dev.parley.dialogue.tracing;

import dev.parley.contracts.dialogue.v1.DialogueGrpc;
import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.tracing.StageSpans;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Singleton;

/**
 * The brain stage of a turn: one {@code brain} span per answered turn (the greeting included), from the request to
 * the brain's last output, under the turn span the gateway names in the request; tool runs hang under it.
 */
@Singleton
public class DialogueTracing {
    static final String BRAIN = "brain";
    static final AttributeKey<String> BRAIN_NAME = AttributeKey.stringKey("parley.turn.brain");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("parley.brain.outcome");

    private final Tracer tracer;

    /** Spans that go nowhere: for a call nobody made (a warm-up). */
    public static final DialogueTracing NONE = new DialogueTracing(OpenTelemetry.noop());

    public DialogueTracing(OpenTelemetry telemetry) {
        this.tracer = telemetry.getTracer("dev.parley.dialogue");
    }

    public Span turnStarted(Conversation conversation, long turnId, TraceContext trace) {
        Span span = StageSpans.start(tracer, BRAIN, trace, DialogueGrpc.SERVICE_NAME, "Converse",
                conversation.tenantId(), conversation.callId(), turnId);
        TurnTraces.install(conversation, tracer).put(turnId, span);
        return span;
    }

    public static void firstText(Span span) {
        span.addEvent("first text");
    }

    public static void answered(Span span, String brain) {
        span.setAttribute(BRAIN_NAME, brain).setAttribute(OUTCOME, "answered").end();
    }

    /** Cancelled by the caller (barge-in), superseded by a newer turn, or the call ended. */
    public static void stopped(Span span, String outcome) {
        span.setAttribute(OUTCOME, outcome).end();
    }
}
