package dev.parley.gateway.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.audio.MuLaw;
import dev.parley.gateway.amd.GreetingAudio;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A recorded call of real speech on a simulated clock: the caller reads a card number, then the agent says a phrase
 * and reads the number back in a second phrase, and the caller barges in before the read-back ends. The caller's
 * interval and the agent's second phrase carry PII.
 */
class RecordingBleepTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 7_000 * MS;
    private static final int FRAME = 160;
    private static final int LEAD_MS = 80;
    /** The caller's PII as the session reports it: samples [1.0 s, 2.0 s) of what the caller sent. */
    private static final int PII_FROM = 8_000;
    private static final int PII_TO = 16_000;
    private static final int PAD = CallRecorder.CALLER_PAD_FRAMES;

    private static short[] callerSays;
    private static short[] agentSays1;
    private static short[] agentSays2;

    @TempDir
    Path root;
    private long now;
    private short[] caller;
    private short[] agent;
    private int agentFrom;
    private int phrase2From;
    private int clearAt;
    private int callFrames;

    @BeforeAll
    static void speak() throws Exception {
        callerSays = GreetingAudio.speech("flite:kal16", "My card number is four one one one, one one one one,"
                + " four four four four. Thank you.");
        agentSays1 = GreetingAudio.speech("espeak:en-us", "Let me read that back.");
        agentSays2 = GreetingAudio.speech("espeak:en-us", "Four one one one, one one one one, four four four four.");
    }

    /** Lays out the call: caller speech, 0.5 s, agent phrase 1 then 2, the caller's barge-in 0.4 s before 2 ends. */
    private void layOut() {
        agentFrom = roundUp(callerSays.length + 4_000);
        // Playout pads a phrase's last frame: the next phrase starts on a frame.
        phrase2From = agentFrom + roundUp(agentSays1.length);
        int agentEnd = phrase2From + agentSays2.length;
        clearAt = roundUp(agentEnd - 3_200);
        callFrames = roundUp(agentEnd + 4_000);
        caller = new short[callFrames];
        System.arraycopy(callerSays, 0, caller, 0, callerSays.length);
        agent = new short[callFrames + FRAME];
        System.arraycopy(agentSays1, 0, agent, agentFrom, agentSays1.length);
        System.arraycopy(agentSays2, 0, agent, phrase2From, agentSays2.length);
        assertTrue(callerSays.length > PII_TO + PAD, "the caller still speaks after the interval");
    }

    private static int roundUp(int samples) {
        return (samples + FRAME - 1) / FRAME * FRAME;
    }

    /** Plays the call through a recorder, tells it the PII the way the session does, and reads the file back. */
    private WavFile record(boolean redacts, String callId) throws Exception {
        layOut();
        now = T0;
        RecordingMetrics metrics = new RecordingMetrics(new SimpleMeterRegistry());
        CallRecorder recorder = new CallRecorder(new LocalRecordingStore(root), "brightsmile", callId, new byte[]{1},
                () -> now, Runnable::run, metrics, redacts);
        int sent = agentFrom;
        for (int at = FRAME; at <= callFrames; at += FRAME) {
            now = T0 + at / 8 * MS;
            recorder.callerMuLaw(MuLaw.encode(caller, at - FRAME, FRAME));
            if (at == clearAt) {
                recorder.lineCleared();
            }
            while (at < clearAt && sent < phrase2From + agentSays2.length && sent - LEAD_MS * 8 <= at) {
                recorder.agentAudio(MuLaw.encode(agent, sent, FRAME), T0 + sent / 8 * MS,
                        sent < phrase2From ? 1 : 2);
                sent += FRAME;
            }
            if (at == callerSays.length / FRAME * FRAME) {
                // The recognizer's final comes after the words were recorded.
                recorder.redactCaller(PII_FROM, PII_TO);
            }
        }
        // The read-back's turn ended (interrupted): its text is whole, phrase 2 is found to carry the number.
        recorder.redactAgentPhrase(2);
        recorder.agentPhrasesSettled(2);
        recorder.end(now);
        return WavFile.read(root.resolve("brightsmile/" + callId + ".wav"));
    }

    @Test
    void piiIsToneOnItsTrackOnlyAndEverythingElseIsAsHeard() throws Exception {
        WavFile wav = record(true, "CABLEEP");
        short[] callerHeard = MuLaw.decode(MuLaw.encode(caller));
        short[] agentHeard = MuLaw.decode(MuLaw.encode(agent));
        int from = PII_FROM - PAD;
        int to = PII_TO + PAD;
        assertTrue(Goertzel.share(callerHeard, from, to, 1_000) < 0.2, "speech there before");
        assertTrue(Goertzel.share(wav.left(), from, to, 1_000) > 0.99, "the caller's number is a 1 kHz tone");
        assertEquals(-15, Goertzel.rmsDbfs(wav.left(), from, to), 0.5, "a −12 dBFS peak sine");
        for (int i = 0; i < callFrames; i++) {
            short expectedLeft = i >= from && i < to ? BleepTone.at(i) : callerHeard[i];
            assertEquals(expectedLeft, wav.left()[i], "caller sample " + i);
            short expectedRight = i >= phrase2From && i < clearAt ? BleepTone.at(i) : i < clearAt ? agentHeard[i] : 0;
            assertEquals(expectedRight, wav.right()[i], "agent sample " + i + ": phrase 1 as heard, phrase 2 toned"
                    + " up to the barge-in, silence where the line dropped it");
        }
        assertTrue(Goertzel.share(wav.right(), phrase2From, clearAt, 1_000) > 0.99);
        assertEquals(2, new ObjectMapper().readTree(root.resolve("brightsmile/CABLEEP.json").toFile())
                .path("redactedIntervals").asInt(), "one per track, never the text");
    }

    @Test
    void aKeyPressIsToneOnTheCallersTrackAroundWhenItWasReported() throws Exception {
        layOut();
        now = T0;
        CallRecorder recorder = new CallRecorder(new LocalRecordingStore(root), "brightsmile", "CAKEY", new byte[]{1},
                () -> now, Runnable::run, new RecordingMetrics(new SimpleMeterRegistry()), true);
        int pressedAt = 12_000;
        for (int at = FRAME; at <= callFrames; at += FRAME) {
            now = T0 + at / 8 * MS;
            recorder.callerMuLaw(MuLaw.encode(caller, at - FRAME, FRAME));
            if (at == pressedAt) {
                recorder.redactCallerKeyPress();
            }
        }
        recorder.end(now);
        WavFile wav = WavFile.read(root.resolve("brightsmile/CAKEY.wav"));
        short[] callerHeard = MuLaw.decode(MuLaw.encode(caller));
        int from = pressedAt - CallRecorder.KEY_BEFORE_FRAMES - PAD;
        int to = pressedAt + CallRecorder.KEY_AFTER_FRAMES + PAD;
        for (int i = 0; i < callFrames; i++) {
            assertEquals(i >= from && i < to ? BleepTone.at(i) : callerHeard[i], wav.left()[i], "caller sample " + i);
        }
        assertEquals(1, new ObjectMapper().readTree(root.resolve("brightsmile/CAKEY.json").toFile())
                .path("redactedIntervals").asInt());
    }

    @Test
    void nothingIsBleepedWhenTheTenantDoesNotRedact() throws Exception {
        WavFile wav = record(false, "CAPLAIN");
        short[] agentHeard = MuLaw.decode(MuLaw.encode(agent));
        assertArrayEquals(MuLaw.decode(MuLaw.encode(caller)), wav.left());
        for (int i = 0; i < callFrames; i++) {
            assertEquals(i < clearAt ? agentHeard[i] : 0, wav.right()[i], "agent sample " + i);
        }
        assertEquals(0, new ObjectMapper().readTree(root.resolve("brightsmile/CAPLAIN.json").toFile())
                .path("redactedIntervals").asInt());
    }
}
