package dev.parley.contracts.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
    void routesEventsToTheirTopics() {
        Instant at = Instant.now();
        assertEquals(Topics.CALLS, Topics.topicOf(new CallStarted("t", "c", at, "twilio", "a", "b")));
        assertEquals(Topics.LATENCY, Topics.topicOf(new TurnLatency("t", "c", at, 1, 1, 2, 3, 4, 5)));
        assertEquals(Topics.TURNS, Topics.topicOf(new UserTurnEvent("t", "c", at, 1, "hi", 0.9, "speech")));
        assertEquals(Topics.ENGINES, Topics.topicOf(new SpeechSynthesized("t", "c", at, 1, "flite", 10, 900, 20, false)));
    }

    @Test
    void rejectsUnknownTypesClearly() {
        byte[] junk = "{\"type\":\"nope\",\"tenantId\":\"t\"}".getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(junk));
        assertTrue(e.getMessage().startsWith("not a Parley call event"));
    }
}
