package dev.parley.e2e.bench;

import dev.parley.audio.MuLaw;
import dev.parley.e2e.caller.CallerVoice;

import java.util.List;
import java.util.Random;

/**
 * What a caller lets slip while the agent talks without meaning to take the floor: backchannels (synthesized
 * by the caller's voice), a cough (a shaped burst of noise) and a knock on the handset (a short click train).
 */
final class Interjections {
    private static final int RATE = 8_000;

    record Clip(String name, byte[] ulaw) {
    }

    private Interjections() {
    }

    static List<Clip> all(CallerVoice voice) {
        return List.of(
                new Clip("mhm", voice.speak("mhm")),
                new Clip("okay", voice.speak("okay")),
                new Clip("yeah", voice.speak("yeah")),
                new Clip("cough", cough(new Random(7))),
                new Clip("knock", knock()));
    }

    /** ~250 ms of band-limited noise with a fast attack and a decay, loud like a cough into the mouthpiece. */
    static byte[] cough(Random random) {
        int n = RATE / 4;
        short[] pcm = new short[n];
        double low = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / n;
            double envelope = Math.min(1, t * 20) * Math.exp(-4 * t);
            low = 0.6 * low + 0.4 * random.nextGaussian();
            pcm[i] = (short) Math.max(-32000, Math.min(32000, 9000 * envelope * low));
        }
        return MuLaw.encode(pcm);
    }

    /** Three sharp clicks 60 ms apart: the handset knocked against something. */
    static byte[] knock() {
        short[] pcm = new short[RATE / 4];
        for (int click = 0; click < 3; click++) {
            int start = click * RATE * 60 / 1000;
            for (int i = 0; i < 40; i++) {
                pcm[start + i] = (short) (20000 * Math.exp(-i / 6.0) * (i % 2 == 0 ? 1 : -1));
            }
        }
        return MuLaw.encode(pcm);
    }
}
