package dev.parley.e2e.caller;

import dev.parley.audio.MuLaw;
import java.util.Random;

/**
 * The faint hiss of a real phone line (about -70 dBFS), used wherever the simulated call would otherwise carry digital
 * zeros. It matters: after digital silence Vosk garbles the first word of an utterance (measured: "your order has
 * shipped" heard as "or or has shipped"), while after line-level noise it hears it; real PSTN audio is never zero.
 */
public final class LineNoise {
    /** Standard deviation in PCM16 units: ~-70 dBFS RMS, below any VAD's speech threshold. */
    private static final double SIGMA = 10;

    private final Random random;

    public LineNoise(long seed) {
        this.random = new Random(seed);
    }

    short[] pcm(int samples) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(random.nextGaussian() * SIGMA);
        }
        return out;
    }

    public byte[] ulaw(int samples) {
        return MuLaw.encode(pcm(samples));
    }
}
