package dev.parley.dialogue.tracing;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.tracing.CallAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Multi;

import java.util.HashMap;
import java.util.Map;

/**
 * A call's brain spans by turn, kept with its {@link Conversation} (as brain state), so code deep inside a brain —
 * a tool run on some worker thread — finds the turn it works for without a thread-local context. Brains used without
 * a call stream (unit tests) find none and trace nothing.
 */
public final class TurnTraces {
    static final String KEY = "parley.tracing";
    private static final TurnTraces NONE = new TurnTraces(OpenTelemetry.noop().getTracer("none"));

    private final Tracer tracer;
    private final Map<Long, Context> turns = new HashMap<>();

    TurnTraces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The call's turn traces; a conversation its stream did not trace gets the no-op ones. */
    public static TurnTraces of(Conversation conversation) {
        return conversation.brainState(KEY, TurnTraces.class, () -> NONE);
    }

    static TurnTraces install(Conversation conversation, Tracer tracer) {
        return conversation.brainState(KEY, TurnTraces.class, () -> new TurnTraces(tracer));
    }

    synchronized void put(long turnId, Span brain) {
        // Only the latest turns can still run tools; older ones are dropped with their brains.
        turns.keySet().removeIf(id -> id < turnId - 2);
        turns.put(turnId, Context.root().with(brain));
    }

    /**
     * A model call for turn {@code turnId}: {@code stream} traced by a {@code chat <model>} span under that turn's
     * brain span, per subscription.
     *
     * @param providerName the provider's name, e.g. {@code openai:gpt-4o-mini}
     */
    public <T> Multi<T> chat(Conversation conversation, long turnId, String providerName, Multi<T> stream) {
        String[] providerAndModel = ChatSpans.providerAndModel(providerName);
        return ChatSpans.traced(stream, () -> child(conversation, turnId, "chat " + providerAndModel[1])
                .setAttribute(ToolSpan.OPERATION, "chat")
                .setAttribute(ChatSpans.PROVIDER, providerAndModel[0])
                .setAttribute(ChatSpans.MODEL, providerAndModel[1])
                .startSpan());
    }

    /** A tool run for turn {@code turnId}: an {@code execute_tool} span under that turn's brain span. */
    public ToolSpan tool(Conversation conversation, long turnId, String toolName) {
        return new ToolSpan(child(conversation, turnId, ToolSpan.NAME_PREFIX + toolName)
                .setAttribute(ToolSpan.OPERATION, "execute_tool")
                .setAttribute(ToolSpan.TOOL_NAME, toolName)
                .startSpan());
    }

    private SpanBuilder child(Conversation conversation, long turnId, String name) {
        Context parent;
        synchronized (this) {
            parent = turns.getOrDefault(turnId, Context.root());
        }
        return tracer.spanBuilder(name).setParent(parent)
                .setAttribute(CallAttributes.TENANT_ID, conversation.tenantId())
                .setAttribute(CallAttributes.CALL_ID, conversation.callId())
                .setAttribute(CallAttributes.TURN_ID, turnId);
    }
}
