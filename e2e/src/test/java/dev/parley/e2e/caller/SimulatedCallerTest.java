package dev.parley.e2e.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.audio.MuLaw;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The caller's Twilio behaviour against an in-test media server: message shapes, playback-paced mark echoes, clear,
 * close codes and resilience to malformed frames. Playback is checked against the caller's own media clock (frames
 * sent), never against wall-clock time.
 */
class SimulatedCallerTest {
    private static final Duration QUIET = Duration.ofMillis(400);
    private final CallerVoice voice = new CallerVoice();

    /** A 440 Hz tone, {@code frames} × 20 ms of μ-law: audible but never mistaken for speech by anyone. */
    static byte[] tone(int frames) {
        short[] pcm = new short[frames * 160];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return MuLaw.encode(pcm);
    }

    @Test
    void speaksTwilioMediaStreamsMessageForMessage() throws Exception {
        try (InTestMediaServer server = new InTestMediaServer(new InTestMediaServer.Behaviour() { });
                SimulatedCaller caller = SimulatedCaller.call(server.uri(), InTestMediaServer.AUTH_TOKEN, "acme",
                        voice, QUIET)) {
            while (caller.mediaFramesSent() < 10) {
                Thread.sleep(20);
            }
            CloseStatus status = caller.hangUp(Duration.ofSeconds(5));
            assertTrue(status.closedByCaller());
            assertEquals(List.of(), server.signatureProblems);

            List<InTestMediaServer.Received> all = server.received;
            JsonNode connected = all.get(0).message();
            assertEquals("connected", connected.path("event").asText());
            assertEquals("Call", connected.path("protocol").asText());
            JsonNode start = all.get(1).message();
            assertEquals("start", start.path("event").asText());
            assertEquals("1", start.path("sequenceNumber").asText());
            String streamSid = start.path("streamSid").asText();
            assertTrue(streamSid.matches("MZ[0-9a-f]{32}"), streamSid);
            assertTrue(start.path("start").path("callSid").asText().matches("CA[0-9a-f]{32}"));
            assertTrue(start.path("start").path("accountSid").asText().matches("AC[0-9a-f]{32}"));
            assertEquals("acme", start.path("start").path("customParameters").path("tenant").asText());
            assertEquals("audio/x-mulaw", start.path("start").path("mediaFormat").path("encoding").asText());
            assertEquals(8000, start.path("start").path("mediaFormat").path("sampleRate").asInt());

            List<InTestMediaServer.Received> media = server.events("media");
            assertTrue(media.size() >= 10);
            long previousTimestamp = -1;
            for (int i = 0; i < media.size(); i++) {
                JsonNode m = media.get(i).message();
                assertTrue(m.path("sequenceNumber").isTextual(), "Twilio counters are strings");
                assertEquals(Integer.toString(i + 2), m.path("sequenceNumber").asText());
                assertEquals(Integer.toString(i + 1), m.path("media").path("chunk").asText());
                assertEquals("inbound", m.path("media").path("track").asText());
                assertEquals(streamSid, m.path("streamSid").asText());
                long timestamp = Long.parseLong(m.path("media").path("timestamp").asText());
                assertTrue(timestamp >= previousTimestamp);
                previousTimestamp = timestamp;
                assertEquals(160, Base64.getDecoder().decode(m.path("media").path("payload").asText()).length);
            }
            JsonNode stop = all.get(all.size() - 1).message();
            assertEquals("stop", stop.path("event").asText());
            assertEquals(Integer.toString(media.size() + 2), stop.path("sequenceNumber").asText());
            assertEquals(start.path("start").path("callSid").asText(), stop.path("stop").path("callSid").asText());
        }
    }

    @Test
    void echoesEachMarkOnlyOnceTheAudioBeforeItHasPlayed() throws Exception {
        InTestMediaServer.Behaviour agent = new InTestMediaServer.Behaviour() {
            @Override
            public void onStart(InTestMediaServer.Connection c, JsonNode start) {
                c.sendMedia(tone(50));
                c.sendMark("first");
                c.sendMedia(tone(25));
                c.sendMark("second");
            }
        };
        try (InTestMediaServer server = new InTestMediaServer(agent);
                SimulatedCaller caller = SimulatedCaller.call(server.uri(), InTestMediaServer.AUTH_TOKEN, "acme",
                        voice, QUIET)) {
            AgentTurn greeting = caller.awaitAgentTurn(Duration.ofSeconds(10));
            List<InTestMediaServer.Received> echoes = server.events("mark");
            assertEquals(List.of("first", "second"),
                    echoes.stream().map(r -> r.message().path("mark").path("name").asText()).toList());
            assertTrue(echoes.get(0).mediaFramesBefore() >= 50,
                    "50 frames play before 'first': echoed after " + echoes.get(0).mediaFramesBefore());
            assertTrue(echoes.get(1).mediaFramesBefore() >= 75,
                    "75 frames play before 'second': echoed after " + echoes.get(1).mediaFramesBefore());
            assertEquals(1500, greeting.receivedMs());
            assertEquals(1500, greeting.playedMs());
            assertEquals(2, caller.log().marksEchoed());
            assertTrue(greeting.latencyMs() >= 0);
        }
    }

    @Test
    void clearDropsQueuedAudioAndReturnsThePendingMarkAtOnce() throws Exception {
        AtomicLong clearSentAfterFrames = new AtomicLong();
        InTestMediaServer.Behaviour agent = new InTestMediaServer.Behaviour() {
            @Override
            public void onStart(InTestMediaServer.Connection c, JsonNode start) {
                c.sendMedia(tone(250));
                c.sendMark("long-answer");
            }

            @Override
            public void onMedia(InTestMediaServer.Connection c, long chunk, byte[] ulaw) {
                if (chunk == 25) {
                    clearSentAfterFrames.set(chunk);
                    c.sendClear();
                }
            }
        };
        try (InTestMediaServer server = new InTestMediaServer(agent);
                SimulatedCaller caller = SimulatedCaller.call(server.uri(), InTestMediaServer.AUTH_TOKEN, "acme",
                        voice, QUIET)) {
            AgentTurn turn = caller.awaitAgentTurn(Duration.ofSeconds(10));
            List<InTestMediaServer.Received> echoes = server.events("mark");
            assertEquals(1, echoes.size());
            long echoedAfter = echoes.get(0).mediaFramesBefore();
            assertTrue(echoedAfter >= clearSentAfterFrames.get() && echoedAfter < 250,
                    "echoed after the clear, long before the 250 frames could have played: " + echoedAfter);
            assertEquals(1, turn.clears());
            assertTrue(turn.clearedMs() > 0);
            assertEquals(5000, turn.playedMs() + turn.clearedMs(), "every received byte is either played or dropped");
        }
    }

    @Test
    void reportsTheCloseCodeWhenTheGatewayRejectsTheTenant() throws Exception {
        InTestMediaServer.Behaviour agent = new InTestMediaServer.Behaviour() {
            @Override
            public void onStart(InTestMediaServer.Connection c, JsonNode start) {
                c.close(1008, "unknown tenant");
            }
        };
        try (InTestMediaServer server = new InTestMediaServer(agent);
                SimulatedCaller caller = SimulatedCaller.call(server.uri(), InTestMediaServer.AUTH_TOKEN, "nobody",
                        voice, QUIET)) {
            CloseStatus status = caller.awaitClose(Duration.ofSeconds(10));
            assertEquals(1008, status.code());
            assertEquals("unknown tenant", status.reason());
            assertFalse(status.closedByCaller());
            TimeoutException noTurn = assertThrows(TimeoutException.class,
                    () -> caller.awaitAgentTurn(Duration.ofSeconds(1)), "no agent audio: nothing to wait for");
            assertTrue(noTurn.getMessage().contains("call ended"), noTurn.getMessage());
        }
    }

    @Test
    void aRawFrameFromTheCallerGoesOutInStreamOrderAndTheCallGoesOn() throws Exception {
        InTestMediaServer.Behaviour agent = new InTestMediaServer.Behaviour() {
            @Override
            public void onStart(InTestMediaServer.Connection c, JsonNode start) {
                c.sendMedia(tone(10));
                c.sendMark("x");
            }

            @Override
            public void onMarkEcho(InTestMediaServer.Connection c, String name) {
                if (name.equals("x")) {
                    c.sendMedia(tone(10));
                }
            }
        };
        try (InTestMediaServer server = new InTestMediaServer(agent);
                SimulatedCaller caller = SimulatedCaller.call(server.uri(), InTestMediaServer.AUTH_TOKEN, "acme",
                        voice, QUIET)) {
            caller.sendRaw("{this is not json");
            AgentTurn turn = caller.awaitAgentTurn(Duration.ofSeconds(10));
            assertEquals(400, turn.playedMs(), "audio sent after the echo still plays");
            InTestMediaServer.Received raw = server.received.stream().filter(r -> r.message() == null)
                    .findFirst().orElseThrow();
            assertEquals("{this is not json", raw.raw());
            assertFalse(caller.isClosed());
        }
    }

    @Test
    void aMalformedMessageFromTheGatewayIsReportedAndPlaybackGoesOn() throws Exception {
        InTestMediaServer.Behaviour agent = new InTestMediaServer.Behaviour() {
            @Override
            public void onStart(InTestMediaServer.Connection c, JsonNode start) {
                c.sendRaw("{broken");
                c.sendRaw("{\"event\":\"dance\"}");
                c.sendMedia(tone(10));
                c.sendMark("after-garbage");
            }
        };
        try (InTestMediaServer server = new InTestMediaServer(agent);
                SimulatedCaller caller = SimulatedCaller.call(server.uri(), InTestMediaServer.AUTH_TOKEN, "acme",
                        voice, QUIET)) {
            AgentTurn turn = caller.awaitAgentTurn(Duration.ofSeconds(10));
            assertEquals(200, turn.playedMs());
            assertEquals(1, server.events("mark").size());
            List<String> problems = caller.log().protocolProblems();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("not JSON") && problems.get(1).contains("unknown event"),
                    problems.toString());
        }
    }

    @Test
    void refusesToPretendWhenTheHandshakeIsRejected() throws Exception {
        try (InTestMediaServer server = new InTestMediaServer(new InTestMediaServer.Behaviour() { })) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SimulatedCaller.call(server.uri(), "wrong-token", "acme", voice, QUIET));
            assertTrue(e.getMessage().contains(server.uri().toString()), e.getMessage());
            assertEquals(1, server.signatureProblems.size());
        }
    }
}
