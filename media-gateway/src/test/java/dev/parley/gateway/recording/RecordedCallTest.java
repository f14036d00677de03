package dev.parley.gateway.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.audio.MuLaw;
import dev.parley.contracts.recordings.RecordingFileNames;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.transport.twilio.TwilioSignature;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole calls over a Twilio media stream: brightsmile (tenants/brightsmile/tenant.yaml records its calls) leaves a
 * WAV and its sidecar after the hang-up, with the consent announcement at its start; acme (no recording) leaves
 * nothing.
 */
@QuarkusTest
@TestProfile(RecordedCallTest.Speaking.class)
class RecordedCallTest {
    public static class Speaking implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SpeakingBackends.class));
        }
    }

    private static final int CALL_FRAMES = 50;
    private static final byte CALLER_BYTE = 0x20;

    @TestHTTPResource("/twilio/media")
    URI media;
    @ConfigProperty(name = "parley.recordings.dir")
    Path root;
    @Inject
    Recordings recordings;
    @Inject
    CallSessions sessions;

    @Test
    void aRecordedTenantsCallIsLeftAsWavAndSidecarAnUnrecordedTenantsLeavesNothing() throws Exception {
        assertEquals(1, recordings.prepareConsents(), "brightsmile's consent, synthesized as at warm-up");

        int sent = call("brightsmile", "CAREC1", true);
        Path wav = root.resolve("brightsmile/CAREC1.wav");
        Path sidecar = root.resolve("brightsmile/CAREC1.json");
        await("the recording is finished", () -> Files.exists(sidecar));
        assertFalse(Files.exists(root.resolve("brightsmile/CAREC1.wav.part")));

        WavFile recorded = WavFile.read(wav);
        assertEquals(2, recorded.channels());
        assertEquals(8_000, recorded.sampleRate());
        assertTrue(recorded.left().length >= sent * 160, "the whole call: " + recorded.left().length);
        assertEquals(sent * 160, count(recorded.left(), MuLaw.decode(CALLER_BYTE)), "every caller sample that came in");
        // The tone's samples (a pause the caller's audio caused may split it, never lengthen it), from the start.
        int consent = audible(recorded.right());
        int toneSamples = SpeakingBackends.TONE_MS * 8;
        assertTrue(consent >= toneSamples * 9 / 10 && consent <= toneSamples + 160,
                "the consent announcement, as the caller heard it: " + consent + " samples");
        // At the call's start (within a second: a first call on a busy machine starts slowly), not its end.
        int first = firstAudible(recorded.right());
        assertTrue(first < 8_000, "the consent comes first, at sample " + first);
        JsonNode json = new ObjectMapper().readTree(sidecar.toFile());
        assertEquals("CAREC1", json.path("callId").asText());
        assertEquals("brightsmile", json.path("tenantId").asText());
        assertEquals(recorded.left().length / 8, json.path("durationMs").asLong());

        // A carrier's id that is no file name as it is (Telnyx's "v3:…") is recorded under its stem.
        call("brightsmile", "v3:CAREC3", true);
        Path telnyx = root.resolve("brightsmile/" + RecordingFileNames.stem("v3:CAREC3") + ".json");
        await("the Telnyx-style call's recording is finished", () -> Files.exists(telnyx));
        assertEquals("v3:CAREC3", new ObjectMapper().readTree(telnyx.toFile()).path("callId").asText());

        call("acme", "CAREC2", false);
        await("the unrecorded call ended", () -> sessions.live().isEmpty());
        assertFalse(Files.exists(root.resolve("acme")), "acme does not record");
    }

    /**
     * One call: start, caller audio in real time (at least {@value #CALL_FRAMES} frames, and on a recorded call until
     * the line has been sent the consent's mark and a little more, so it has played before the hang-up even on a busy
     * machine), then the hang-up. Returns the number of caller frames sent.
     */
    private int call(String tenant, String callSid, boolean waitForConsent) throws Exception {
        URI ws = URI.create(media.toString().replaceFirst("^http", "ws"));
        CompletableFuture<Void> consentSent = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header(TwilioSignature.HEADER, TwilioSignature.sign("test-token", ws.toString(), Map.of()))
                .buildAsync(ws, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        if (data.toString().contains("\"event\":\"mark\"")) {
                            consentSent.complete(null);
                        }
                        w.request(1);
                        return null;
                    }
                }).join();
        socket.sendText("{\"event\":\"start\",\"streamSid\":\"MZ" + callSid + "\",\"start\":{\"streamSid\":\"MZ"
                + callSid + "\",\"callSid\":\"" + callSid + "\",\"customParameters\":{\"tenant\":\"" + tenant
                + "\"},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}", true)
                .join();
        byte[] frame = new byte[160];
        Arrays.fill(frame, CALLER_BYTE);
        String payload = Base64.getEncoder().encodeToString(frame);
        long deadline = System.nanoTime() + 20_000_000_000L;
        int sent = 0;
        int after = 0;
        while (sent < CALL_FRAMES || waitForConsent && after < 10) {
            socket.sendText("{\"event\":\"media\",\"streamSid\":\"MZ" + callSid + "\",\"media\":{\"track\":"
                    + "\"inbound\",\"payload\":\"" + payload + "\"}}", true).join();
            sent++;
            after += consentSent.isDone() ? 1 : 0;
            Thread.sleep(20);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consent announcement was never sent to the line");
            }
        }
        socket.sendText("{\"event\":\"stop\",\"streamSid\":\"MZ" + callSid + "\"}", true).join();
        return sent;
    }

    private static int count(short[] samples, short value) {
        int n = 0;
        for (short s : samples) {
            n += s == value ? 1 : 0;
        }
        return n;
    }

    private static int audible(short[] samples) {
        int n = 0;
        for (short s : samples) {
            n += Math.abs(s) > 100 ? 1 : 0;
        }
        return n;
    }

    private static int firstAudible(short[] samples) {
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs(samples[i]) > 100) {
                return i;
            }
        }
        return samples.length;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(20);
        }
    }
}
