package dev.parley.gateway.turntaking;

import dev.parley.audio.Pcm16;
import dev.parley.gateway.amd.GreetingAudio;

import java.util.Random;

/**
 * Audio for turn-taking tests on real audio: a quiet 8 kHz line, the agent's voice, and where a caller's sounds start
 * and end as the benchmark's phone says.
 */
final class LineAudio {
    /** The benchmark's phone calls a 20 ms frame sound above this. */
    private static final double SOUND_DBFS = -50;

    private LineAudio() {
    }

    /** A quiet line's hiss (about -70 dBFS). */
    static short[] hiss(int samples, long seed) {
        Random r = new Random(seed);
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(r.nextGaussian() * 10);
        }
        return out;
    }

    /** Where a caller's speech starts: the first 20 ms frame above -50 dBFS. */
    static long firstSoundMs(short[] speech) {
        for (int f = 0; f + 160 <= speech.length; f += 160) {
            if (Pcm16.rmsDbfs(speech, f, 160) > SOUND_DBFS) {
                return f / 8;
            }
        }
        throw new IllegalStateException("no speech");
    }

    /** Where a sound ends: the end of the last 20 ms frame above -50 dBFS. */
    static long lastSoundEndMs(short[] sound) {
        long end = -1;
        for (int f = 0; f + 160 <= sound.length; f += 160) {
            if (Pcm16.rmsDbfs(sound, f, 160) > SOUND_DBFS) {
                end = f / 8 + 20;
            }
        }
        return end;
    }

    private static short[] agent;

    /** The agent's voice (festival's, as tts-service speaks), looped for as long as a test needs it to talk. */
    static synchronized short[] agentVoice() throws Exception {
        if (agent == null) {
            agent = GreetingAudio.speech("festival:slt", "Our opening hours are nine to five on weekdays and ten to "
                    + "two on Saturdays, and we are closed on Sundays and public holidays.");
        }
        return agent;
    }
}
