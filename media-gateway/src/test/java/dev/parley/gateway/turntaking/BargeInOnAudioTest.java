package dev.parley.gateway.turntaking;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Wav;
import dev.parley.gateway.amd.GreetingAudio;
import dev.parley.gateway.inbound.InboundAudio;
import dev.parley.gateway.vad.EchoGuard;
import dev.parley.gateway.vad.LineLevel;
import dev.parley.gateway.vad.SileroVad;
import dev.parley.gateway.vad.VadStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.LongPredicate;

import static dev.parley.gateway.turntaking.LineAudio.agentVoice;
import static dev.parley.gateway.turntaking.LineAudio.firstSoundMs;
import static dev.parley.gateway.turntaking.LineAudio.hiss;
import static dev.parley.gateway.turntaking.LineAudio.lastSoundEndMs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Barge-in on real audio through the real analysis (μ-law line, upsampling, Silero, the echo guard fed with what the
 * agent plays, the line's level): callers in voices unlike the agent's cut in while it talks, and a noisy office
 * line must not keep stopping it.
 */
class BargeInOnAudioTest {
    private static final String INTERRUPTION = "wait wait stop I have a different question";
    private static final int LEAD_MS = 2_000;
    private static SileroVad model;

    @BeforeAll
    static void load() throws Exception {
        model = new SileroVad(Path.of(System.getProperty("parley.models.dir")));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flite:kal16", "flite:rms", "flite:awb", "espeak:en-us+m3", "espeak:en-gb+f3"})
    void theAgentStopsWithinTwoFramesOfTheCallersFirstSoundInEveryVoice(String voice) throws Exception {
        short[] speech = GreetingAudio.asSynthesized(voice, INTERRUPTION);
        for (int phase = 0; phase < 4; phase++) {
            // The onset falls at different points of a 32 ms analysis frame.
            int leadSamples = 8 * (LEAD_MS + phase * 8);
            short[] line = hiss(leadSamples + speech.length + 8_000, phase);
            for (int i = 0; i < speech.length; i++) {
                line[leadSamples + i] += speech[i];
            }
            Heard heard = listen(line, true);
            long onsetMs = leadSamples / 8 + firstSoundMs(speech);
            assertTrue(heard.pauseAtMs >= onsetMs, voice + ": paused before the caller spoke, at " + heard.pauseAtMs);
            assertTrue(heard.pauseAtMs - onsetMs <= 64, voice + " phase " + phase + ": paused "
                    + (heard.pauseAtMs - onsetMs) + " ms after the first sound");
            assertEquals(0, heard.resumes, voice + ": the agent went on while the caller was cutting in");
        }
    }

    @Test
    void aFliteDiphoneVoiceIsHeardLateByTheVadAlone() throws Exception {
        short[] speech = GreetingAudio.asSynthesized("flite:kal16", INTERRUPTION);
        short[] line = hiss(8 * LEAD_MS + speech.length + 8_000, 0);
        for (int i = 0; i < speech.length; i++) {
            line[8 * LEAD_MS + i] += speech[i];
        }
        long onsetMs = LEAD_MS + firstSoundMs(speech);
        long vadOnly = listen(line, false).pauseAtMs - onsetMs;
        long withLevel = listen(line, true).pauseAtMs - onsetMs;
        System.out.printf("kal16 interruption: paused %d ms after its first sound by the VAD alone, %d ms with the "
                + "line's level%n", vadOnly, withLevel);
        assertTrue(vadOnly > 150, "the reason for the level: the VAD alone took " + vadOnly + " ms");
        assertTrue(withLevel <= 64, "with the level: " + withLevel + " ms");
    }

    /**
     * A backchannel said over the agent pauses it, and the agent goes on soon after the sound ends: prints the delay
     * from the last frame above -50 dBFS to the resume, over five voices and three backchannels.
     */
    @Test
    void aBackchannelResumesTheAgentSoonAfterItsSoundEnds() throws Exception {
        List<Long> delays = new ArrayList<>();
        for (String voice : new String[] {"flite:kal16", "flite:rms", "flite:awb", "espeak:en-us+m3",
                "espeak:en-gb+f3"}) {
            for (String word : new String[] {"mhm", "okay", "yeah"}) {
                short[] sound = GreetingAudio.asSynthesized(voice, word);
                int leadSamples = 8 * LEAD_MS;
                short[] line = hiss(leadSamples + sound.length + 8 * 1_500, word.length());
                for (int i = 0; i < sound.length; i++) {
                    line[leadSamples + i] += sound[i];
                }
                Heard heard = listen(line, true);
                long endMs = leadSamples / 8 + lastSoundEndMs(sound);
                System.out.printf("%-16s %-5s %d ms long: paused %d ms after its start, resumed %d ms after its "
                        + "end (pauses %d, resumes %d)%n", voice, word, endMs - leadSamples / 8 - firstSoundMs(sound),
                        heard.pauseAtMs - leadSamples / 8 - firstSoundMs(sound), heard.resumeAtMs - endMs,
                        heard.pauses, heard.resumes);
                assertEquals(1, heard.pauses, voice + " \"" + word + "\" pauses the agent once");
                assertEquals(1, heard.resumes, voice + " \"" + word + "\" is not an interruption");
                delays.add(heard.resumeAtMs - endMs);
            }
        }
        Collections.sort(delays);
        System.out.printf("backchannel resume delay at the gateway: p50 %d, max %d ms (n=%d)%n",
                delays.get(delays.size() / 2), delays.get(delays.size() - 1), delays.size());
        int releaseMs = TurnTakingHarness.defaults().bargeInReleaseMs();
        // The release starts when the sound ends, within the frame it ends in: neither the VAD's trail nor the agent's
        // own pause (which once made the echo guard take kal16's "okay" for an echo path) holds it.
        assertTrue(delays.get(delays.size() - 1) <= releaseMs + 32, "resume delays: " + delays);
    }

    @Test
    void officeNoiseOnTheLineRarelyStopsTheAgent() throws Exception {
        Wav.Clip office = Wav.read(Path.of(System.getProperty("parley.models.dir"), "noise/office-ambience-8k.wav"));
        short[] noise = Arrays.copyOf(office.samples(), Math.min(office.samples().length, 8 * 20_000));
        for (int gainDb : new int[] {0, 10}) {
            // The recording is a quiet office (-55.5 dBFS); +10 dB is a loud one.
            double gain = Math.pow(10, gainDb / 20.0);
            short[] line = new short[noise.length];
            for (int i = 0; i < line.length; i++) {
                line[i] = (short) Math.max(-32768, Math.min(32767, Math.round(noise[i] * gain)));
            }
            Heard vadOnly = listen(line, false);
            Heard withLevel = listen(line, true);
            System.out.printf("office noise +%d dB, %d s: pauses %d (VAD alone) / %d (with level), resumes %d / %d%n",
                    gainDb, line.length / 8000, vadOnly.pauses, withLevel.pauses, vadOnly.resumes, withLevel.resumes);
            assertTrue(withLevel.pauses <= vadOnly.pauses, "the level adds false pauses on an office line at +"
                    + gainDb + " dB: " + withLevel.pauses + " against " + vadOnly.pauses);
            assertEquals(withLevel.pauses, withLevel.resumes, "every false pause resumed");
        }
    }

    @Test
    void onASpeakerphoneTheAgentsOwnVoiceComingBackDoesNotStopIt() throws Exception {
        short[] agentAudio = agentVoice();
        int period = agentAudio.length - 160;
        int agentFromMs = 1_500;
        for (int delayMs : new int[] {120, 200, 300}) {
            // A quiet line while the caller listens; then the agent talks and what the phone plays comes back 12 dB
            // down after the delay, over the line's hiss.
            short[] line = hiss(8 * 6_000, delayMs);
            for (int i = 8 * (agentFromMs + delayMs); i < line.length; i++) {
                line[i] += (short) (agentAudio[(i - 8 * (agentFromMs + delayMs)) % period] / 4);
            }
            Heard vadOnly = listen(line, false, agentFromMs, ms -> true);
            Heard withLevel = listen(line, true, agentFromMs, ms -> true);
            System.out.printf("speakerphone echo after %d ms: pauses %d (VAD alone) / %d (with level)%n", delayMs,
                    vadOnly.pauses, withLevel.pauses);
            assertTrue(withLevel.pauses <= vadOnly.pauses, "echo after " + delayMs + " ms: the level paused the agent "
                    + withLevel.pauses + " times, the VAD alone " + vadOnly.pauses);
        }
    }

    @Test
    void aPhoneSwitchedToSpeakerphoneMidCallDoesNotStopTheAgentWithItsOwnVoice() throws Exception {
        short[] agentAudio = agentVoice();
        int period = agentAudio.length - 160;
        // The agent talks for 2 s on a line without echo (the line proves it has none), is silent for 1 s, then
        // talks again and the phone, now a speakerphone, sends it back 12 dB down after 200 ms.
        LongPredicate agentTalks = ms -> ms < 2_000 || ms >= 3_000;
        short[] line = hiss(8 * 7_000, 11);
        for (int i = 8 * 3_200; i < line.length; i++) {
            line[i] += (short) (agentAudio[(i - 8 * 200) % period] / 4);
        }
        Heard vadOnly = listen(line, false, 0, agentTalks);
        Heard withLevel = listen(line, true, 0, agentTalks);
        System.out.printf("speakerphone from mid-call: pauses %d (VAD alone) / %d (with level)%n", vadOnly.pauses,
                withLevel.pauses);
        assertTrue(withLevel.pauses <= vadOnly.pauses, "the level paused the agent " + withLevel.pauses
                + " times, the VAD alone " + vadOnly.pauses);
    }

    /** When the agent first paused and first resumed (-1: never), and how often it did each. */
    private record Heard(long pauseAtMs, long resumeAtMs, int pauses, int resumes) {
    }

    /**
     * The agent talks through the whole line's audio (the line carries no echo of it); when did it first pause, and
     * how often did it pause and resume.
     */
    private static Heard listen(short[] line8k, boolean level) throws Exception {
        return listen(line8k, level, 0, ms -> true);
    }

    /**
     * As above, the agent's audio starting {@code agentFromMs} into the line's audio and played only while
     * {@code agentTalks} says so (its line is silent otherwise).
     */
    private static Heard listen(short[] line8k, boolean level, long agentFromMs, LongPredicate agentTalks)
            throws Exception {
        TurnPolicy defaults = TurnTakingHarness.defaults();
        TurnTakingHarness call = new TurnTakingHarness(level ? defaults
                : defaults.with(java.util.Map.of("bargeInOnsetDb", 0.0)));
        call.commands.clear();
        VadStream vad = model.newStream();
        LineLevel rise = new LineLevel();
        EchoGuard echo = new EchoGuard();
        short[] agent = agentVoice();
        long[] played = {agentFromMs};
        InboundAudio inbound = new InboundAudio();
        byte[] ulaw = MuLaw.encode(line8k);
        long[] firstPause = {-1};
        long[] firstResume = {-1};
        for (int off = 0; off + 160 <= ulaw.length; off += 160) {
            long nowMs = off / 8;
            // The agent talks throughout, played 20 ms at a time as the phone plays it (no echo on this line),
            // except while it is paused for the caller: then nothing plays, as on a live call.
            boolean paused = call.commands.lastIndexOf("pause") > call.commands.lastIndexOf("resume");
            while (played[0] <= nowMs + 100) {
                int from = (int) (((played[0] - agentFromMs) * 8) % (agent.length - 160));
                if (agentTalks.test(played[0]) && !paused) {
                    echo.agentPlays(Arrays.copyOfRange(agent, from, from + 160), 8000, played[0]);
                }
                played[0] += 20;
            }
            inbound.pushMuLaw(Arrays.copyOfRange(ulaw, off, off + 160), frame -> {
                float p = vad.probability(frame);
                boolean isEcho = echo.callerAudioIsEcho(frame, 16_000, inbound.streamMs());
                double r = rise.riseDb(frame, p, isEcho);
                call.frame(p, echo.lineHasNoEcho(inbound.streamMs()) ? r : Double.NaN, isEcho);
                if (firstPause[0] < 0 && call.said("pause")) {
                    firstPause[0] = inbound.streamMs();
                }
                if (firstResume[0] < 0 && call.said("resume")) {
                    firstResume[0] = inbound.streamMs();
                }
            });
            if (call.said("interrupt")) {
                break;
            }
        }
        int pauses = (int) call.commands.stream().filter("pause"::equals).count();
        int resumes = (int) call.commands.stream().filter("resume"::equals).count();
        return new Heard(firstPause[0], firstResume[0], pauses, resumes);
    }
}
