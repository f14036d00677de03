package dev.parley.gateway.turntaking;

import dev.parley.audio.MuLaw;
import dev.parley.gateway.amd.GreetingAudio;
import dev.parley.gateway.inbound.InboundAudio;
import dev.parley.gateway.vad.EchoGuard;
import dev.parley.gateway.vad.LineLevel;
import dev.parley.gateway.vad.SileroVad;
import dev.parley.gateway.vad.VadStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static dev.parley.gateway.turntaking.LineAudio.agentVoice;
import static dev.parley.gateway.turntaking.LineAudio.hiss;
import static dev.parley.gateway.turntaking.LineAudio.lastSoundEndMs;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the silence that ends a caller's turn starts, on real audio through the real analysis (μ-law line, Silero,
 * the line's level): when the caller's sound ends, as the phone measures it, not when the VAD lets go of it.
 */
class EndOfSpeechOnAudioTest {
    private static final int LEAD_MS = 2_000;
    private static final int GREETING_MS = 1_500;
    private static final String[] VOICES = {"flite:kal16", "flite:rms", "flite:awb", "espeak:en-us+m3",
            "espeak:en-gb+f3"};
    private static final String[] QUESTIONS = {"what are your opening hours", "do you deliver on saturdays",
            "can i speak to someone about my bill"};
    private static SileroVad model;

    @BeforeAll
    static void load() throws Exception {
        model = new SileroVad(Path.of(System.getProperty("parley.models.dir")));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    /** Prints, over five voices and three questions, how late each way counts the end of speech. */
    @Test
    void theSilenceStartsWithinAFrameOfTheSoundsEnd() throws Exception {
        List<Long> withLevel = new ArrayList<>();
        List<Long> vadAlone = new ArrayList<>();
        for (String voice : VOICES) {
            for (String question : QUESTIONS) {
                short[] speech = GreetingAudio.asSynthesized(voice, question);
                short[] line = hiss(8 * LEAD_MS + speech.length + 8 * 1_500, question.length());
                System.arraycopy(add(speech, line, 8 * LEAD_MS), 0, line, 0, line.length);
                long endMs = LEAD_MS + lastSoundEndMs(speech);
                long level = speechEndMs(line, true) - endMs;
                long vad = speechEndMs(line, false) - endMs;
                System.out.printf("%-16s %-40s end of speech counted %3d ms after the sound's end (VAD alone %3d)%n",
                        voice, "\"" + question + "\"", level, vad);
                withLevel.add(level);
                vadAlone.add(vad);
            }
        }
        Collections.sort(withLevel);
        Collections.sort(vadAlone);
        System.out.printf("end of speech after the sound's end: p50 %d, max %d ms (VAD alone: p50 %d, max %d; n=%d)%n",
                withLevel.get(withLevel.size() / 2), withLevel.get(withLevel.size() - 1),
                vadAlone.get(vadAlone.size() / 2), vadAlone.get(vadAlone.size() - 1), withLevel.size());
        // The phone calls a whole 20 ms frame sound if it is loud on average, the analysis a 32 ms frame quiet if its
        // last 16 ms are: a soft last consonant may end the speech a frame or so early. Bounds leave a frame's room
        // for a VAD decision that flips on another CPU's arithmetic; the median is what the change is about.
        assertTrue(withLevel.get(0) >= -80, "the speech was counted over well before its sound ended: " + withLevel);
        assertTrue(withLevel.get(withLevel.size() / 2) <= 16, "the end of speech lags the sound: " + withLevel);
        assertTrue(withLevel.get(withLevel.size() - 1) <= 64, "the end of speech lags the sound: " + withLevel);
        assertTrue(vadAlone.get(vadAlone.size() / 2) >= 48, "why the level: the VAD alone lags the sound by "
                + vadAlone);
    }

    private static short[] add(short[] speech, short[] line, int at) {
        short[] out = line.clone();
        for (int i = 0; i < speech.length; i++) {
            out[at + i] += speech[i];
        }
        return out;
    }

    /**
     * The caller holds the floor and asks one question; where the end of their speech was counted: the endpointing
     * flush, less the endpointing silence it waited for. {@code level}: false gives the analysis no line level.
     */
    private static long speechEndMs(short[] line8k, boolean level) throws Exception {
        TurnPolicy policy = TurnTakingHarness.defaults();
        TurnTakingHarness call = new TurnTakingHarness(policy);
        VadStream vad = model.newStream();
        LineLevel rise = new LineLevel();
        EchoGuard echo = new EchoGuard();
        InboundAudio inbound = new InboundAudio();
        byte[] ulaw = MuLaw.encode(line8k);
        short[] greeting = agentVoice();
        long[] flushAt = {-1};
        for (int off = 0; off + 160 <= ulaw.length && flushAt[0] < 0; off += 160) {
            if (off / 8 < GREETING_MS) {
                // The agent's greeting plays first, as on a call: the quiet line shows it carries no echo of it.
                echo.agentPlays(Arrays.copyOfRange(greeting, off, off + 160), 8000, off / 8);
            }
            inbound.pushMuLaw(Arrays.copyOfRange(ulaw, off, off + 160), frame -> {
                float p = vad.probability(frame);
                boolean isEcho = echo.callerAudioIsEcho(frame, 16_000, inbound.streamMs());
                double r = rise.riseDb(frame, p, isEcho);
                if (inbound.streamMs() >= GREETING_MS && call.machine.agentHoldsFloor()) {
                    call.agentDone();
                }
                call.frame(p, level && echo.lineHasNoEcho(inbound.streamMs()) ? r : Double.NaN, isEcho);
                if (flushAt[0] < 0 && call.commands.stream().anyMatch(c -> c.startsWith("flush"))) {
                    flushAt[0] = inbound.streamMs();
                }
            });
        }
        assertTrue(flushAt[0] > 0, "the turn never ended: " + call.commands);
        return flushAt[0] - policy.endpointingMs();
    }
}
