package dev.parley.e2e.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ear's measuring points on real synthesized speech: caller speech by energy, agent audio above -55 dBFS. */
class EarLogTest {
    private static final long TICK = 20_000_000L;
    private static TurnTranscriber transcriber;

    @BeforeAll
    static void loadModel() {
        transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir());
    }

    @AfterAll
    static void closeModel() {
        transcriber.close();
    }

    /** Records {@code mic} as the microphone's frames, one per tick from tick 0; the loudspeaker plays nothing. */
    private static EarLog microphone(byte[] mic) {
        EarLog ear = new EarLog();
        for (int f = 0; f * 160 < mic.length; f++) {
            short[] pcm = MuLaw.decode(Arrays.copyOfRange(mic, f * 160, f * 160 + 160));
            ear.record(f * TICK, Pcm16.rmsDbfs(pcm, 0, 160), EarLog.NOTHING_PLAYED);
        }
        return ear;
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void callerSpeechStartsAndEndsAtItsFirstAndLastFrameAboveTheLineNoise() {
        for (String voice : new String[]{"awb", "espeak:en-us+m3"}) {
            byte[] speech = new CallerVoice(voice).speak("my order number is one two");
            byte[] line = concat(new LineNoise(1).ulaw(160 * 15), speech, new LineNoise(2).ulaw(160 * 20));
            EarLog ear = microphone(line);
            int frames = speech.length / 160;
            assertEquals(15 * TICK, ear.speechOnset(0, Long.MAX_VALUE), voice + ": onset is the first speech frame");
            assertEquals((15 + frames - 1) * TICK, ear.speechEnd(0, Long.MAX_VALUE),
                    voice + ": end is the last speech frame, not the line noise after it");
            assertEquals(-1, ear.speechOnset(0, 14 * TICK), voice + ": line noise alone is not speech");
        }
    }

    @Test
    void festivalsLeadInIsNotHeardButTheFirstWordIs() {
        byte[] agent = AgentSpeech.say("opening hours are nine to six");
        EarLog ear = new EarLog();
        for (int f = 0; f * 160 < agent.length; f++) {
            short[] pcm = MuLaw.decode(Arrays.copyOfRange(agent, f * 160, Math.min(agent.length, f * 160 + 160)));
            ear.record(f * TICK, -70, Pcm16.rmsDbfs(pcm, 0, pcm.length));
        }
        long first = ear.firstAudible(0);
        long last = ear.lastAudible(0, Long.MAX_VALUE);
        assertTrue(first >= 3 * TICK, "festival's silent lead-in is played but not heard: first audible at "
                + first / 1_000_000 + " ms");
        assertTrue(last < ear.lastTick(), "its silent tail is not heard either");
        int from = (int) (first / TICK) * 160;
        String heard = transcriber.transcribe(Arrays.copyOfRange(agent, from, agent.length));
        assertTrue(heard.startsWith("opening"), "nothing audible comes before the first heard frame: " + heard);
    }

    @Test
    void aStarvedLoudspeakerAndAClearAreFoundInTheirWindow() {
        EarLog ear = new EarLog();
        ear.record(0, -70, -20);
        ear.record(TICK, -70, EarLog.NOTHING_PLAYED);
        ear.record(2 * TICK, -70, -20);
        ear.cleared(2 * TICK + 5);
        assertEquals(TICK, ear.firstStarved(0, 2 * TICK));
        assertEquals(-1, ear.firstStarved(2 * TICK, 3 * TICK));
        assertEquals(2 * TICK + 5, ear.firstClear(TICK));
        assertEquals(-1, ear.firstClear(3 * TICK));
    }
}
