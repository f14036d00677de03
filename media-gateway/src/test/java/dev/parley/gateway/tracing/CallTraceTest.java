package dev.parley.gateway.tracing;

import dev.parley.contracts.trace.v1.TraceContext;
import dev.parley.tracing.CallAttributes;
import dev.parley.tracing.StageSpans;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The span tree of a call as the session drives {@link CallTrace}: greeting, a turn interrupted by the caller, a
 * turn heard in full, a false interruption and a cough at the end. The other services' stages are started from the
 * wire contexts exactly as they do it ({@link StageSpans}).
 */
class CallTraceTest {
    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final Tracer tracer = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build().get("test");

    private void remoteStage(String name, TraceContext wire) {
        StageSpans.start(tracer, name, wire, "parley.test.v1.Service", "Method", "acme", "CA1", -1).end();
    }

    @Test
    void aCallIsOneTraceWithATurnSpanPerTurnAndTheStagesUnderTheirTurn() {
        CallTrace trace = CallTrace.start(tracer, "acme", "CA1", "twilio", SpanContext.getInvalid());
        TraceContext greeting = trace.greeting();
        remoteStage("brain", greeting);
        remoteStage("tts synthesize", trace.turn(0));
        trace.playoutStarted(0);
        trace.agentTurnEnded(0, false, "flow", 42);

        // Turn 1: spoken, answered, interrupted by the caller (barge-in).
        trace.callerSpeaking();
        remoteStage("stt final", trace.callerSide());
        TraceContext turn1 = trace.userTurn(1, "speech", System.currentTimeMillis() - 400);
        remoteStage("brain", turn1);
        remoteStage("tts synthesize", trace.turn(1));
        trace.playoutStarted(1);
        trace.playoutStarted(1);
        trace.agentTurnEnded(1, true, "flow", 12);

        // Turn 2: the barge-in's words; a false interruption while the agent answers is part of turn 2.
        trace.callerSpeaking();
        remoteStage("stt final", trace.callerSide());
        TraceContext turn2 = trace.userTurn(2, "speech", System.currentTimeMillis() - 224);
        remoteStage("brain", turn2);
        trace.playoutStarted(2);
        remoteStage("stt final", trace.callerSide());
        trace.agentTurnEnded(2, false, "flow", 30);

        // A cough that never became words, then the caller starts speaking and hangs up mid-sentence.
        trace.callerSpeaking();
        remoteStage("stt final", trace.callerSide());
        trace.callerQuiet();
        trace.callerSpeaking();
        trace.end("caller-hangup", 2, 3);

        List<SpanData> spans = exported.getFinishedSpanItems();
        System.out.println(SpanTree.render(spans));
        assertEquals(1, spans.stream().map(SpanData::getTraceId).distinct().count(), "one trace per call");
        SpanData call = only(spans, "call");
        assertFalse(call.getParentSpanContext().isValid(), "the call span is the root");
        assertEquals(SpanKind.SERVER, call.getKind());
        assertEquals("caller-hangup", call.getAttributes().get(CallTrace.END_REASON));

        List<SpanData> turns = named(spans, "turn");
        assertEquals(List.of(0L, 1L, 2L), turns.stream().map(t -> t.getAttributes().get(CallAttributes.TURN_ID))
                .sorted().collect(Collectors.toList()));
        for (SpanData turn : turns) {
            assertEquals(call.getSpanId(), turn.getParentSpanId());
            assertEquals("acme", turn.getAttributes().get(CallAttributes.TENANT_ID));
            assertEquals("CA1", turn.getAttributes().get(CallAttributes.CALL_ID));
            assertEquals(1, children(spans, turn, "playout").size(), "one playout per turn");
            assertEquals(1, children(spans, turn, "brain").size(), "one brain stage per turn");
        }
        SpanData t0 = turn(turns, 0);
        SpanData t1 = turn(turns, 1);
        SpanData t2 = turn(turns, 2);
        assertEquals("greeting", t0.getAttributes().get(CallTrace.SOURCE));
        assertEquals(Boolean.TRUE, t1.getAttributes().get(CallTrace.INTERRUPTED));
        assertEquals("barge-in", t1.getAttributes().get(CallTrace.OUTCOME));
        assertEquals(Boolean.TRUE, children(spans, t1, "playout").get(0).getAttributes().get(CallTrace.INTERRUPTED));
        assertEquals(Boolean.FALSE, t2.getAttributes().get(CallTrace.INTERRUPTED));
        assertEquals(1, children(spans, t1, "stt final").size());
        assertEquals(2, children(spans, t2, "stt final").size(), "its own final and the false interruption's");
        assertEquals(0, children(spans, t0, "vad end-of-turn").size());
        SpanData endOfTurn = children(spans, t1, "vad end-of-turn").get(0);
        assertTrue(endOfTurn.getAttributes().get(CallTrace.ENDPOINTING_MS) >= 400);
        assertTrue(endOfTurn.getStartEpochNanos() <= endOfTurn.getEndEpochNanos());
        assertEquals(1, children(spans, t1, "tts synthesize").size());

        List<SpanData> noTurns = named(spans, "caller speech");
        assertEquals(2, noTurns.size());
        SpanData cough = noTurns.get(0);
        assertEquals(call.getSpanId(), cough.getParentSpanId());
        assertEquals("no-words", cough.getAttributes().get(CallTrace.OUTCOME));
        assertEquals(1, children(spans, cough, "stt final").size(), "the cough's empty final is under it");
        assertNull(cough.getAttributes().get(CallAttributes.TURN_ID), "sounds without words are no turn");
        assertEquals("call-ended", noTurns.get(1).getAttributes().get(CallTrace.OUTCOME));
    }

    @Test
    void eventsAndLateMessagesOfATurnStillNameItsSpanAfterItEnded() {
        CallTrace trace = CallTrace.start(tracer, "acme", "CA2", "browser", SpanContext.getInvalid());
        trace.greeting();
        trace.agentTurnEnded(0, false, "flow", 5);
        TraceContext dtmf = trace.userTurn(1, "dtmf", 0);
        trace.end("error", 1, 1);

        List<SpanData> spans = exported.getFinishedSpanItems();
        SpanData t1 = turn(named(spans, "turn"), 1);
        assertTrue(dtmf.getTraceparent().contains(t1.getSpanId()));
        assertEquals(t1.getSpanId(), Span.fromContext(trace.context(1)).getSpanContext().getSpanId());
        assertTrue(trace.turn(1).getTraceparent().contains(t1.getSpanId()));
        assertEquals(0, children(spans, t1, "vad end-of-turn").size(), "a keyed turn has no end of speech");
        assertEquals("call-ended", t1.getAttributes().get(CallTrace.OUTCOME));
        SpanData call = only(spans, "call");
        assertEquals(call.getSpanId(), Span.fromContext(trace.context(99)).getSpanContext().getSpanId(),
                "an unknown turn's events belong to the call");
        assertEquals(StatusCode.ERROR, call.getStatus().getStatusCode());
    }

    @Test
    void theCallIsItsOwnTraceLinkedToTheWebhookThatSetItUp() {
        Span webhook = tracer.spanBuilder("POST /twilio/voice").setSpanKind(SpanKind.SERVER).startSpan();
        String traceparent;
        try (Scope ignored = webhook.makeCurrent()) {
            traceparent = SetupTrace.current().orElseThrow();
        }
        webhook.end();
        // What Twilio hands back in the stream's start message, as a string parameter.
        CallTrace trace = CallTrace.start(tracer, "acme", "CA3", "twilio", SetupTrace.parse(traceparent));
        trace.end("caller-hangup", 0, 0);

        SpanData call = only(exported.getFinishedSpanItems(), "call");
        assertFalse(call.getParentSpanContext().isValid(), "the call is the root of its own trace");
        assertFalse(call.getTraceId().equals(webhook.getSpanContext().getTraceId()));
        assertEquals(1, call.getLinks().size());
        assertEquals(webhook.getSpanContext().getSpanId(), call.getLinks().get(0).getSpanContext().getSpanId());
        assertEquals(webhook.getSpanContext().getTraceId(), call.getLinks().get(0).getSpanContext().getTraceId());
    }

    @Test
    void withoutATracedWebhookOrWithAMangledParameterThereIsNoLink() {
        assertTrue(SetupTrace.current().isEmpty(), "no span is current here");
        assertFalse(SetupTrace.parse("").isValid());
        assertFalse(SetupTrace.parse("00-not-a-trace-01").isValid());
        CallTrace trace = CallTrace.start(tracer, "acme", "CA4", "twilio", SetupTrace.parse("garbage"));
        trace.end("caller-hangup", 0, 0);
        assertTrue(only(exported.getFinishedSpanItems(), "call").getLinks().isEmpty());
    }

    private static SpanData only(List<SpanData> spans, String name) {
        List<SpanData> found = named(spans, name);
        assertEquals(1, found.size(), name + ": " + found);
        return found.get(0);
    }

    private static List<SpanData> named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    }

    private static List<SpanData> children(List<SpanData> spans, SpanData parent, String name) {
        return named(spans, name).stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
                .collect(Collectors.toList());
    }

    private static SpanData turn(List<SpanData> turns, long id) {
        return turns.stream().filter(t -> Objects.equals(id, t.getAttributes().get(CallAttributes.TURN_ID)))
                .findFirst().orElseThrow();
    }

}
