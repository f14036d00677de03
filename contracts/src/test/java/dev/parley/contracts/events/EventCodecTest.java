package dev.parley.contracts.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecTest {

    @Test
    void roundTripsEveryFieldAndWritesTheEnvelope() {
        Instant at = Instant.parse("2026-11-21T10:15:30.123Z");
        CallEvent ended = new CallEnded("acme", "CA1", at, 61_500, "agent-hangup", 3, 4);
        String json = new String(EventCodec.encode(ended), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"type\":\"call.ended\""), json);
        assertTrue(json.contains("\"schemaVersion\":1"), json);
        assertTrue(json.contains("\"tenantId\":\"acme\""), json);
        assertTrue(json.contains("\"timestamp\":\"2026-11-21T10:15:30.123Z\""), json);
        assertEquals(ended, EventCodec.decode(json.getBytes(StandardCharsets.UTF_8)));

        CallEvent tool = new ToolInvoked("acme", "CA1", at, 2, "order_status", Map.of("order", "1234"), true, 12);
        assertEquals(tool, EventCodec.decode(EventCodec.encode(tool)));
        assertEquals("tool.invoked", tool.type());
    }

    @Test
    void turnLatencyCarriesTheFirstAudibleFrameAndMeasuresVoiceToVoiceByIt() {
        Instant at = Instant.parse("2026-12-06T04:00:00.500Z");
        TurnLatency turn = new TurnLatency("acme", "CA1", at, 3, 1_000, 1_050, 1_080, 1_200, 1_210, 1_400);
        String json = new String(EventCodec.encode(turn), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"firstAudibleMs\":1400"), json);
        assertEquals(turn, EventCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, turn.voiceToVoiceMs(), "what the caller hears, not the silent first frame sent");
    }

    @Test
    void decodesATurnLatencyWrittenBeforeFirstAudibleExisted() {
        // As a gateway without firstAudibleMs wrote it (schema version 1).
        String older = "{\"type\":\"turn.latency\",\"tenantId\":\"acme\",\"callId\":\"CA1\","
                + "\"timestamp\":\"2026-11-21T10:15:30.123Z\",\"turnId\":2,\"endOfSpeechMs\":1000,"
                + "\"sttFinalMs\":1045,\"firstBrainTextMs\":1070,\"firstTtsAudioMs\":1180,"
                + "\"firstAudioSentMs\":1185,\"schemaVersion\":1}";
        TurnLatency turn = (TurnLatency) EventCodec.decode(older.getBytes(StandardCharsets.UTF_8));
        assertEquals(new TurnLatency("acme", "CA1", Instant.parse("2026-11-21T10:15:30.123Z"), 2, 1_000, 1_045,
                1_070, 1_180, 1_185, 0), turn);
        assertEquals(185, turn.voiceToVoiceMs(), "falls back to the first audio sent");
        assertEquals(-1, new TurnLatency("acme", "CA1", Instant.EPOCH, 1, 0, 0, 0, 0, 0, 1_400).voiceToVoiceMs());
    }

    @Test
    void routesEventsToTheirTopics() {
        Instant at = Instant.now();
        assertEquals(Topics.CALLS, Topics.topicOf(new CallStarted("t", "c", at, "twilio", "a", "b")));
        assertEquals(Topics.LATENCY, Topics.topicOf(new TurnLatency("t", "c", at, 1, 1, 2, 3, 4, 5, 6)));
        assertEquals(Topics.TURNS, Topics.topicOf(new UserTurnEvent("t", "c", at, 1, "hi", 0.9, "speech")));
        assertEquals(Topics.ENGINES, Topics.topicOf(new SpeechSynthesized("t", "c", at, 1, "flite", 10, 900, 20, false)));
        assertEquals(Topics.CALLS, Topics.topicOf(new CallAnalyzed("t", "c", at, "caller-hangup", 0, List.of(),
                List.of(), Map.of(), List.of(), false, 0, 0, null, "The caller hung up.", "template", null, Map.of())));
    }

    @Test
    void callAnalyzedKeepsItsToolsAndTypedValuesThroughTheWire() {
        Instant at = Instant.parse("2026-12-06T21:00:00Z");
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("order_number", "1234");
        values.put("resolved", true);
        values.put("turns", 3);
        values.put("missing", null);
        CallAnalyzed analyzed = new CallAnalyzed("acme", "CA1", at, "agent-hangup", 3, List.of("order_status"),
                List.of(), Map.of("order", "1234"), List.of(new CallAnalyzed.ToolOutcome("order_status", true, true)),
                false, 0, 0, true, "Order 1234 was found.", "template", null, values);
        assertEquals(analyzed, EventCodec.decode(EventCodec.encode(analyzed)));
        assertEquals("call.analyzed", analyzed.type());
    }

    @Test
    void outboundCallKeepsItsParametersAndGoesWithTheCallsLifecycle() {
        Instant at = Instant.parse("2026-12-06T21:00:00Z");
        OutboundCall busy = new OutboundCall("acme", "SIP1", at, "busy", "+15551230000", "+15550100100", 486,
                "Busy Here", Map.of("customer", "42"));
        assertEquals(busy, EventCodec.decode(EventCodec.encode(busy)));
        assertEquals("call.outbound", busy.type());
        assertEquals(Topics.CALLS, Topics.topicOf(busy));
    }

    @Test
    void rejectsUnknownTypesClearly() {
        byte[] junk = "{\"type\":\"nope\",\"tenantId\":\"t\"}".getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(junk));
        assertTrue(e.getMessage().startsWith("not a Parley call event"));
    }
}
