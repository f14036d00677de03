package dev.parley.gateway.warmup;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Resampler;
import dev.parley.gateway.inbound.InboundAudio;
import dev.parley.gateway.vad.SileroVad;
import dev.parley.gateway.vad.VadStream;

import java.util.Arrays;
import java.util.Random;

/**
 * Runs a call's per-frame audio work on a made-up caller: 20 ms G.711 chunks decoded and upsampled by
 * {@link InboundAudio}, each 32 ms frame through a fresh {@link VadStream} (Silero), and agent audio taken down to
 * 8 kHz μ-law as the phone playout does. A few hundred frames get the JIT to compile these loops and onnxruntime to
 * settle its first inferences before a real caller's first words.
 */
final class AudioPathWarmup {
    /** A phone transport's chunk: 20 ms of 8 kHz μ-law. */
    private static final int CHUNK_BYTES = 160;

    /** What ran: frames through the VAD and the lowest and highest speech probability it gave. */
    record Report(int frames, float minProbability, float maxProbability, int phoneBytes) {
    }

    private AudioPathWarmup() {
    }

    static Report run(SileroVad vad, int frames) {
        short[] caller16k = callerAudio(frames * SileroVad.FRAME);
        byte[] ulaw = MuLaw.encode(Resampler.convert(caller16k, SileroVad.SAMPLE_RATE, 8_000));
        VadStream stream = vad.newStream();
        InboundAudio inbound = new InboundAudio();
        float[] range = {Float.MAX_VALUE, -Float.MAX_VALUE};
        int[] seen = {0};
        for (int off = 0; off < ulaw.length; off += CHUNK_BYTES) {
            inbound.pushMuLaw(Arrays.copyOfRange(ulaw, off, Math.min(ulaw.length, off + CHUNK_BYTES)), frame -> {
                float p = stream.probability(frame);
                range[0] = Math.min(range[0], p);
                range[1] = Math.max(range[1], p);
                seen[0]++;
            });
        }
        // Agent audio: TTS answers at 16 kHz or 8 kHz; the phone line gets 8 kHz μ-law.
        int phoneBytes = 0;
        for (int off = 0; off + 1600 <= caller16k.length; off += 1600) {
            short[] chunk = Arrays.copyOfRange(caller16k, off, off + 1600);
            phoneBytes += MuLaw.encode(Resampler.convert(chunk, SileroVad.SAMPLE_RATE, 8_000)).length;
        }
        return new Report(seen[0], range[0], range[1], phoneBytes);
    }

    /**
     * Alternating silence and voiced bursts (a gliding pitch with vowel-like harmonics) over faint noise, so the VAD
     * sees both quiet frames and speech-like ones.
     */
    static short[] callerAudio(int samples) {
        int rate = SileroVad.SAMPLE_RATE;
        Random noise = new Random(7);
        short[] out = new short[samples];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double t = (double) i / rate;
            boolean talking = (t % 2.0) >= 0.8;
            double syllable = (t * 4) % 1.0;
            double envelope = talking ? Math.sin(Math.PI * Math.min(1, syllable / 0.8)) : 0;
            double pitch = 120 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * pitch / rate;
            double voiced = 0;
            for (int h = 1; h <= 15; h++) {
                double f = h * pitch;
                double weight = Math.exp(-Math.pow((f - 700) / 250, 2)) + 0.7 * Math.exp(-Math.pow((f - 1200) / 300, 2))
                        + 0.3 * Math.exp(-Math.pow((f - 2500) / 400, 2));
                voiced += weight * Math.sin(h * phase);
            }
            out[i] = (short) Math.max(-32768, Math.min(32767, 6000 * envelope * voiced + 60 * noise.nextGaussian()));
        }
        return out;
    }
}
