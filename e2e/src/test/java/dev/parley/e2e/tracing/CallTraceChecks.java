package dev.parley.e2e.tracing;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the acme sample call's trace and its Kafka records must look like (FullStackCallIT). */
public final class CallTraceChecks {

    private CallTraceChecks() {
    }

    /**
     * One trace, one root call span, a turn span per turn with STT, brain (and the order lookup under turn 1), TTS and
     * playout under the right turn, from the service that did each.
     *
     * @param allSpans every span the receiver got, to check none of this call's lies outside its trace
     */
    public static void assertCallTrace(CallTraceTree trace, List<ReceivedSpan> allSpans, String callId, int turns) {
        ReceivedSpan call = trace.root();
        List<ReceivedSpan> ofThisCall = allSpans.stream()
                .filter(s -> callId.equals(s.tag("parley.call.id"))).toList();
        assertEquals(1, ofThisCall.stream().map(ReceivedSpan::traceId).distinct().count(), "one trace per call");
        assertEquals(ofThisCall.size(), trace.spans().size(), "every span of the trace is about the call");
        assertEquals(1, trace.named("call").size(), "exactly one call span");
        assertEquals(null, call.parentId(), "the call span is the root");
        assertEquals("media-gateway", call.service());
        assertEquals("agent-hangup", call.tag("parley.call.end_reason"));
        assertTrue(trace.orphans().isEmpty(), "spans whose parent is missing: " + trace.orphans());
        for (ReceivedSpan span : trace.spans()) {
            assertEquals("acme", span.tag("parley.tenant.id"), span.toString());
        }
        List<ReceivedSpan> turnSpans = trace.children(call, "turn");
        assertEquals(turns, turnSpans.size(), "a turn span per turn of the call");
        assertEquals(turns, trace.named("turn").size(), "turn spans are the call's children");
        for (int id = 0; id < turns; id++) {
            String turnId = Integer.toString(id);
            ReceivedSpan turn = turnSpans.stream().filter(t -> turnId.equals(t.tag("parley.turn.id"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no turn span " + turnId));
            assertEquals("false", turn.tag("parley.turn.interrupted"), "turn " + id + " was heard in full");
            Map<String, String> stages = Map.of("brain", "dialogue-service", "tts synthesize", "tts-service",
                    "playout", "media-gateway");
            if (id > 0) {
                stages = Map.of("brain", "dialogue-service", "tts synthesize", "tts-service",
                        "playout", "media-gateway", "stt final", "stt-service", "vad end-of-turn", "media-gateway");
            }
            for (Map.Entry<String, String> stage : stages.entrySet()) {
                List<ReceivedSpan> found = trace.children(turn, stage.getKey());
                assertFalse(found.isEmpty(), "turn " + id + " has no " + stage.getKey() + " span");
                for (ReceivedSpan s : found) {
                    assertEquals(stage.getValue(), s.service(), stage.getKey() + " comes from " + stage.getValue());
                    if (s.tag("parley.turn.id") != null) {
                        assertEquals(turnId, s.tag("parley.turn.id"), s.toString());
                    }
                }
            }
            assertEquals(1, trace.children(turn, "brain").size(), "one brain span in turn " + id);
            assertEquals(1, trace.children(turn, "playout").size(), "one playout span in turn " + id);
        }
        // "where is my order one two three four": the brain looked the order up, under turn 1's brain span.
        ReceivedSpan turn1 = turnSpans.stream().filter(t -> "1".equals(t.tag("parley.turn.id"))).findFirst()
                .orElseThrow();
        ReceivedSpan brain1 = trace.children(turn1, "brain").get(0);
        List<ReceivedSpan> tools = trace.children(brain1, "execute_tool order_status");
        assertEquals(1, tools.size(), "the order lookup runs once, under turn 1's brain: " + trace.children(brain1));
        assertEquals("dialogue-service", tools.get(0).service());
    }

    /** Each of the call's Kafka records carries the traceparent of the span it was published in. */
    public static void assertEventsNameTheirSpans(CallTraceTree trace, String kafkaBootstrap, String callId) {
        List<CallEventRecords.EventRecord> events = CallEventRecords.read(kafkaBootstrap, callId);
        List<ReceivedSpan> turnSpans = trace.named("turn");
        int checked = 0;
        for (CallEventRecords.EventRecord event : events) {
            if (event.type().equals("stt.usage") || event.type().equals("engine.fallback")
                    || event.type().equals("call.analyzed")) {
                // published outside a turn: at the end of the recognition stream, by a failing engine, after the call
                continue;
            }
            assertEquals(trace.root().traceId(), event.traceId(), "the event's trace is the call's: " + event);
            ReceivedSpan turn = turnSpans.stream()
                    .filter(t -> Long.toString(event.turnId()).equals(t.tag("parley.turn.id"))).findFirst()
                    .orElse(null);
            String expected;
            switch (event.type()) {
                case "call.started":
                case "call.ended":
                    expected = trace.root().id();
                    break;
                case "tool.invoked":
                    expected = trace.descendants(turn).stream().filter(x -> x.name().startsWith("execute_tool "))
                            .findFirst().map(ReceivedSpan::id).orElse("none");
                    break;
                case "tts.usage":
                    expected = trace.children(turn, "tts synthesize").get(0).id();
                    break;
                default:
                    expected = turn == null ? "no turn " + event.turnId() : turn.id();
            }
            assertEquals(expected, event.spanId(), "the span " + event.type() + " was published in");
            checked++;
        }
        // started, ended, and per turn at least: user (but turn 0), agent, latency, tts usage.
        int turns = turnSpans.size();
        assertTrue(checked >= 2 + 4 * turns - 1, checked + " events checked: " + events);
        System.out.println(checked + " event records of the call name their span in traceparent");
    }
}
