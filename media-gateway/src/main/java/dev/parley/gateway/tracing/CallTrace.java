package dev.parley.gateway.tracing;

import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.tracing.CallAttributes;
import dev.parley.tracing.TraceContexts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The trace of one call, as the gateway sees it: a root {@code call} span from the first media to hang-up, one
 * {@code turn} span per turn (turn 0 is the greeting; every other turn runs from the caller taking the floor to the
 * end of the agent's reply, heard or interrupted), and the gateway's stages under each turn ({@code vad end-of-turn},
 * {@code playout}). The other services hang their stages (STT final, brain, TTS) under the turn span named by the
 * {@link TraceContext} of the per-turn message they get ({@link #callerSide}, {@link #turn}).
 * <p>
 * The caller's part of a turn starts as a {@code caller speech} span when they take the floor, before anyone knows
 * whether it will be a turn; it is renamed {@code turn} when its words arrive. Sounds that never became words stay
 * {@code caller speech} (outcome {@code no-words}), so every {@code turn} span is a turn of the call. Confined to the
 * call's context, like the session: no locks.
 */
public final class CallTrace {
    static final String CALL = "call";
    static final String TURN = "turn";
    static final String CALLER_SPEECH = "caller speech";
    static final String END_OF_TURN = "vad end-of-turn";
    static final String PLAYOUT = "playout";

    static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("parley.call.transport");
    static final AttributeKey<String> END_REASON = AttributeKey.stringKey("parley.call.end_reason");
    static final AttributeKey<Long> USER_TURNS = AttributeKey.longKey("parley.call.user_turns");
    static final AttributeKey<Long> AGENT_TURNS = AttributeKey.longKey("parley.call.agent_turns");
    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("parley.turn.source");
    /** The barge-in flag: the caller interrupted the agent's reply of this turn. */
    static final AttributeKey<Boolean> INTERRUPTED = AttributeKey.booleanKey("parley.turn.interrupted");
    static final AttributeKey<String> BRAIN = AttributeKey.stringKey("parley.turn.brain");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("parley.turn.outcome");
    static final AttributeKey<Long> HEARD_CHARS = AttributeKey.longKey("parley.turn.heard_chars");
    /** End of the caller's speech to the first agent audio the caller can hear: the voice-to-voice latency. */
    static final AttributeKey<Long> FIRST_AUDIBLE_MS = AttributeKey.longKey("parley.turn.first_audible_ms");
    static final AttributeKey<Long> ENDPOINTING_MS = AttributeKey.longKey("parley.turn.endpointing_ms");

    private final Tracer tracer;
    private final String tenantId;
    private final String callId;
    private final Span call;
    /** Every turn's span context by id, for what is said about a turn after its span ended (events, late audio). */
    private final Map<Long, Span> turnContexts = new HashMap<>();
    /** A live-path stream that failed and is not back yet, by stage (stt, dialogue, tts). */
    private final Map<String, Span> outages = new HashMap<>();
    /** The caller has the floor; not a turn (yet). */
    private Span callerSpeech;
    /** The turn being answered: its span until the reply is heard or interrupted. */
    private Turn answering;

    private static final class Turn {
        final long id;
        final Span span;
        Span playout;

        Turn(long id, Span span) {
            this.id = id;
            this.span = span;
        }
    }

    private CallTrace(Tracer tracer, String tenantId, String callId, String transport, SpanContext origin) {
        this.tracer = tracer;
        this.tenantId = tenantId;
        this.callId = callId;
        // A new trace per call: not a child of the webhook or WebSocket upgrade request that happened to carry it,
        // but linked to the webhook that set it up, when the transport knows it.
        SpanBuilder call = tracer.spanBuilder(CALL).setNoParent().setSpanKind(SpanKind.SERVER)
                .setAttribute(CallAttributes.TENANT_ID, tenantId)
                .setAttribute(CallAttributes.CALL_ID, callId)
                .setAttribute(TRANSPORT, transport);
        if (origin.isValid()) {
            call.addLink(origin);
        }
        this.call = call.startSpan();
    }

    /** @param origin the trace of the request that set the call up, linked from the call span; invalid for none */
    public static CallTrace start(Tracer tracer, String tenantId, String callId, String transport,
                                  SpanContext origin) {
        return new CallTrace(tracer, tenantId, callId, transport, origin);
    }

    /** Turn 0: the agent greets the caller. Its trace context goes with the call start to the brain. */
    public TraceContext greeting() {
        return wire(answer(0, "greeting", child(TURN, call).startSpan()).span);
    }

    /** The caller took the floor (started speaking, or interrupted the agent). */
    public void callerSpeaking() {
        if (callerSpeech == null) {
            callerSpeech = child(CALLER_SPEECH, call).startSpan();
        }
    }

    /** The caller's sounds made no words (a cough, noise): that was no turn; the next speech starts afresh. */
    public void callerQuiet() {
        if (callerSpeech != null) {
            callerSpeech.setAttribute(OUTCOME, "no-words").end();
            callerSpeech = null;
        }
    }

    /**
     * What an STT flush belongs to: the caller's turn being spoken, else (e.g. a false interruption's words) the
     * turn being answered, else the call.
     */
    public TraceContext callerSide() {
        if (callerSpeech != null) {
            return wire(callerSpeech);
        }
        return wire(answering != null ? answering.span : call);
    }

    /**
     * The caller's words made turn {@code turnId}: the caller's speech span becomes its turn span, with the
     * end-of-turn stage from their last speech ({@code endOfSpeechMs}, wall clock; 0 when not from speech) to now.
     *
     * @return the trace context for the user turn message to the brain
     */
    public TraceContext userTurn(long turnId, String source, long endOfSpeechMs) {
        Span span = callerSpeech != null ? callerSpeech : child(TURN, call).startSpan();
        callerSpeech = null;
        span.updateName(TURN);
        if (endOfSpeechMs > 0) {
            long now = System.currentTimeMillis();
            child(END_OF_TURN, span).setStartTimestamp(endOfSpeechMs, TimeUnit.MILLISECONDS)
                    .setAttribute(ENDPOINTING_MS, Math.max(0, now - endOfSpeechMs))
                    .startSpan().end(now, TimeUnit.MILLISECONDS);
        }
        return wire(answer(turnId, source, span).span);
    }

    /** The trace context of turn {@code turnId} (the call's when the turn is unknown), for messages about it. */
    public TraceContext turn(long turnId) {
        return TraceContexts.of(context(turnId));
    }

    /** The context events about turn {@code turnId} are published in. */
    public Context context(long turnId) {
        Span span = turnContexts.get(turnId);
        return Context.root().with(span != null ? span : call);
    }

    /** The context events about the whole call are published in. */
    public Context callContext() {
        return Context.root().with(call);
    }

    /** The agent's audio for turn {@code turnId} reached the line. */
    public void playoutStarted(long turnId) {
        if (answering != null && answering.id == turnId && answering.playout == null) {
            answering.playout = child(PLAYOUT, answering.span).startSpan();
        }
    }

    /**
     * The first frame of turn {@code turnId}'s reply the caller can hear is due at their ear at {@code atEpochMs},
     * {@code sinceEndOfSpeechMs} after they stopped speaking (negative when not known, e.g. the greeting).
     */
    public void firstAudible(long turnId, long atEpochMs, long sinceEndOfSpeechMs) {
        if (answering == null || answering.id != turnId) {
            return;
        }
        Span span = answering.playout != null ? answering.playout : answering.span;
        span.addEvent("first audible", atEpochMs, TimeUnit.MILLISECONDS);
        if (sinceEndOfSpeechMs >= 0) {
            answering.span.setAttribute(FIRST_AUDIBLE_MS, sinceEndOfSpeechMs);
        }
    }

    /** The agent's reply of turn {@code turnId} is over: heard in full, or interrupted by the caller (barge-in). */
    public void agentTurnEnded(long turnId, boolean interrupted, String brain, int heardChars) {
        if (answering == null || answering.id != turnId) {
            return;
        }
        Span span = answering.span;
        span.setAttribute(INTERRUPTED, interrupted);
        if (brain != null && !brain.isEmpty()) {
            span.setAttribute(BRAIN, brain);
        }
        span.setAttribute(HEARD_CHARS, (long) heardChars);
        if (answering.playout != null) {
            answering.playout.setAttribute(INTERRUPTED, interrupted);
        }
        finish(interrupted ? "barge-in" : "heard");
    }

    /** The {@code stage}'s stream failed: an outage span runs until it is back or lost. */
    public void backendDown(String stage, String error) {
        outages.computeIfAbsent(stage, k -> child("backend outage", call)
                .setAttribute("parley.stage", stage).setAttribute("error.type", error).startSpan());
    }

    /** The {@code stage}'s outage is over: {@code recovered} on a new stream, or {@code lost}. */
    public void backendBack(String stage, String outcome) {
        Span outage = outages.remove(stage);
        if (outage != null) {
            outage.setAttribute(OUTCOME, outcome);
            if (!"recovered".equals(outcome)) {
                outage.setStatus(StatusCode.ERROR, "no instance of " + stage + " answered in time");
            }
            outage.end();
        }
    }

    /** The call is over: whatever is still open ends with it. */
    public void end(String reason, int userTurns, int agentTurns) {
        if (answering != null) {
            finish("call-ended");
        }
        Set.copyOf(outages.keySet()).forEach(stage -> backendBack(stage, "call-ended"));
        if (callerSpeech != null) {
            callerSpeech.setAttribute(OUTCOME, "call-ended").end();
            callerSpeech = null;
        }
        call.setAttribute(END_REASON, reason)
                .setAttribute(USER_TURNS, (long) userTurns)
                .setAttribute(AGENT_TURNS, (long) agentTurns);
        if ("error".equals(reason) || "backend-lost".equals(reason)) {
            call.setStatus(StatusCode.ERROR, "a live-path service failed");
        }
        call.end();
    }

    private Turn answer(long turnId, String source, Span span) {
        if (answering != null) {
            // A turn whose reply never finished playing (e.g. the line never confirmed its marks).
            finish("superseded");
        }
        span.setAttribute(CallAttributes.TURN_ID, turnId).setAttribute(SOURCE, source);
        turnContexts.put(turnId, Span.wrap(span.getSpanContext()));
        answering = new Turn(turnId, span);
        return answering;
    }

    private void finish(String outcome) {
        if (answering.playout != null) {
            answering.playout.end();
        }
        answering.span.setAttribute(OUTCOME, outcome).end();
        answering = null;
    }

    private SpanBuilder child(String name, Span parent) {
        return tracer.spanBuilder(name).setParent(Context.root().with(parent))
                .setAttribute(CallAttributes.TENANT_ID, tenantId)
                .setAttribute(CallAttributes.CALL_ID, callId);
    }

    private static TraceContext wire(Span span) {
        return TraceContexts.of(span);
    }
}
