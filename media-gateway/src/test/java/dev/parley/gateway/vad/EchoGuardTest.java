package dev.parley.gateway.vad;

import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import dev.parley.audio.Wav;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's voice (real speech) played to the caller, and what comes back up the line. */
class EchoGuardTest {
    private static final Path AGENT = Path.of("/usr/share/pocketsphinx/test/data/goforward.raw");
    private static final Path CALLER = Path.of(
            "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav");

    /**
     * Feeds 2 s of agent audio through the guard and returns {frames judged echo, audible frames} among the caller's
     * audible frames (quiet ones cannot make the VAD fire, so they need no verdict).
     */
    private static int[] echoFrames(short[] agent8k, short[] caller16k) {
        return echoFrames(agent8k, caller16k, Integer.MAX_VALUE);
    }

    /** As above, with the agent pausing (sending nothing more) {@code agentStopsMs} into its audio. */
    private static int[] echoFrames(short[] agent8k, short[] caller16k, int agentStopsMs) {
        EchoGuard guard = new EchoGuard();
        long t0 = 1_000_000;
        int agentOffset = 0;
        int echo = 0;
        int audible = 0;
        for (int f = 0; (f + 1) * 512 <= caller16k.length; f++) {
            // As on a call: agent audio is sent (and recorded) ~100 ms ahead of the moment it plays.
            while (agentOffset + 160 <= agent8k.length && agentOffset / 8 <= (f + 1) * 32 + 100
                    && agentOffset / 8 < agentStopsMs) {
                guard.agentPlays(java.util.Arrays.copyOfRange(agent8k, agentOffset, agentOffset + 160), 8000,
                        t0 + agentOffset / 8);
                agentOffset += 160;
            }
            short[] frame = java.util.Arrays.copyOfRange(caller16k, f * 512, (f + 1) * 512);
            boolean isEcho = guard.callerAudioIsEcho(frame, 16000, t0 + (f + 1) * 32L);
            if (f >= 4 && Pcm16.rmsDbfs(frame, 0, frame.length) > -45) {
                audible++;
                echo += isEcho ? 1 : 0;
            }
        }
        return new int[]{echo, audible};
    }

    private static short[] agent8k() throws Exception {
        short[] speech16k = Pcm16.fromBytes(Files.readAllBytes(AGENT));
        return Resampler.convert(java.util.Arrays.copyOfRange(speech16k, 7000, 7000 + 32000), 16000, 8000);
    }

    /** The agent audio as it returns: delayed, attenuated by 12 dB, with line noise. */
    private static short[] echoOf(short[] agent8k, int delayMs) {
        short[] up = Resampler.convert(agent8k, 8000, 16000);
        short[] out = new short[up.length];
        Random noise = new Random(3);
        int delay = delayMs * 16;
        for (int i = 0; i < out.length; i++) {
            double e = i >= delay ? up[i - delay] * 0.25 : 0;
            out[i] = (short) (e + noise.nextGaussian() * 30);
        }
        return out;
    }

    @Test
    void theAgentsOwnVoiceComingBackIsEchoAtAnyPlausibleDelay() throws Exception {
        short[] agent = agent8k();
        for (int delay : new int[]{40, 150, 320}) {
            int[] judged = echoFrames(agent, echoOf(agent, delay));
            assertTrue(judged[1] > 20, "the echo is audible");
            assertTrue(judged[0] >= judged[1] * 0.95, "delay " + delay + " ms: " + judged[0] + " of " + judged[1]
                    + " audible frames taken for echo");
        }
    }

    @Test
    void whatTheAgentPlayedBeforeItPausedStillComesBackAsEcho() throws Exception {
        short[] agent = agent8k();
        short[] played = java.util.Arrays.copyOf(java.util.Arrays.copyOf(agent, 8 * 1200), agent.length);
        int[] judged = echoFrames(agent, echoOf(played, 250), 1200);
        assertTrue(judged[0] >= judged[1] * 0.95, judged[0] + " of " + judged[1] + " audible frames taken for echo");
    }

    @Test
    void aCallerTalkingOverTheAgentIsNotEcho() throws Exception {
        short[] agent = agent8k();
        Wav.Clip clip = Wav.read(CALLER);
        short[] callerSpeech = Resampler.convert(clip.samples(), clip.sampleRate(), 16000);
        short[] echo = echoOf(agent, 150);
        short[] mixed = new short[echo.length];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = (short) Math.max(-32768, Math.min(32767, echo[i] + callerSpeech[16000 + i]));
        }
        int[] judged = echoFrames(agent, mixed);
        assertTrue(judged[0] <= judged[1] / 10, judged[0] + " of " + judged[1] + " frames of real speech taken for echo");
    }

    @Test
    void aCallerCuttingInOnALineWithoutEchoIsNeverTakenForEcho() throws Exception {
        short[] agent = agent8k();
        Wav.Clip clip = Wav.read(CALLER);
        short[] callerSpeech = Resampler.convert(clip.samples(), clip.sampleRate(), 16000);
        Random hiss = new Random(5);
        for (int cutInMs : new int[]{700, 1000, 1300, 1500}) {
            // The line carries only hiss while the agent talks, until the caller starts, at a normal level.
            short[] line = new short[16 * 2000];
            for (int i = 0; i < line.length; i++) {
                int speech = i >= cutInMs * 16 ? callerSpeech[16000 + i - cutInMs * 16] / 2 : 0;
                line[i] = (short) (speech + hiss.nextGaussian() * 10);
            }
            int[] judged = echoFrames(agent, line);
            assertTrue(judged[1] > 5, "the caller is audible");
            assertEquals(0, judged[0], "cut in at " + cutInMs + " ms: " + judged[0] + " of " + judged[1]
                    + " frames of the caller taken for echo (each one delays barge-in)");
        }
    }

    @Test
    void aFaintEchoIsStillLearnedOnALineThatSeemedToHaveNone() throws Exception {
        short[] agent = agent8k();
        short[] up = Resampler.convert(agent, 8000, 16000);
        short[] line = new short[up.length];
        Random noise = new Random(3);
        int delay = 150 * 16;
        for (int i = 0; i < line.length; i++) {
            // -32 dB: quiet enough to count as silence against the agent; the VAD may still hear it as speech.
            double e = i >= delay ? up[i - delay] * 0.025 : 0;
            line[i] = (short) (e + noise.nextGaussian() * 3);
        }
        EchoGuard guard = new EchoGuard();
        int late = 0;
        int echo = 0;
        for (int f = 0; (f + 1) * 512 <= line.length; f++) {
            int from = Math.min(agent.length - 160, f * 256);
            guard.agentPlays(java.util.Arrays.copyOfRange(agent, from, from + 256 > agent.length ? from + 160 : from + 256),
                    8000, 1_000_000 + f * 32L);
            boolean isEcho = guard.callerAudioIsEcho(java.util.Arrays.copyOfRange(line, f * 512, (f + 1) * 512), 16000,
                    1_000_000 + (f + 1) * 32L);
            if (f * 32 >= 1000 && Pcm16.rmsDbfs(line, f * 512, 512) > -70) {
                late++;
                echo += isEcho ? 1 : 0;
            }
        }
        assertTrue(late > 10, "the echo is there after the first second");
        assertTrue(echo >= late * 0.8, echo + " of " + late + " echo frames after the first second taken for echo");
    }
}
