package dev.parley.stt.denoise;

import dev.parley.audio.Resampler;
import dev.parley.stt.callers.NoisyLine;
import dev.parley.stt.support.TestAudio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The speex suppressor on real speech (LibriVox) over the real office background at 10 dB, as stt receives it. */
class NoiseSuppressorTest {
    private static final int RATE = 16_000;
    private static final int LEAD_MS = 4_000;

    @BeforeAll
    static void library() {
        assumeTrue(SpeexDsp.available(), "libspeexdsp is not installed (Debian libspeexdsp1, deploy/local/"
                + "install-deps.sh installs it): noise suppression tests skipped");
    }

    /** A LibriVox sentence on a phone line (8 kHz μ-law) after 4 s of office noise, upsampled as the gateway does. */
    private static short[][] noisyAndClean() {
        short[] speech = TestAudio.phoneBand(TestAudio.librivox("sense_and_sensibility_01_austen_64kb-0880").samples());
        short[] noisy = NoisyLine.mix(speech, NoisyLine.officeNoise(), 12_345, 10, NoisyLine.RATE * LEAD_MS / 1000,
                NoisyLine.RATE / 2);
        short[] clean = new short[noisy.length];
        System.arraycopy(speech, 0, clean, NoisyLine.RATE * LEAD_MS / 1000, speech.length);
        return new short[][]{Resampler.convert(noisy, 8_000, RATE), Resampler.convert(clean, 8_000, RATE)};
    }

    /** Runs the suppressor over {@code pcm} in the gateway's 512-sample chunks, then drains it. */
    private static short[] denoise(short[] pcm, int suppressDb) {
        short[] out = new short[pcm.length];
        int written = 0;
        try (NoiseSuppressor s = new NoiseSuppressor(RATE, suppressDb)) {
            for (int off = 0; off < pcm.length; off += 512) {
                short[] done = s.process(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + 512)));
                System.arraycopy(done, 0, out, written, done.length);
                written += done.length;
            }
            short[] tail = s.drain();
            System.arraycopy(tail, 0, out, written, tail.length);
            written += tail.length;
        }
        assertEquals(pcm.length, written, "every sample comes out, in order");
        return out;
    }

    private static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    @Test
    void lowersTheNoiseAndKeepsTheSpeech() {
        short[][] input = noisyAndClean();
        short[] noisy = input[0];
        short[] clean = input[1];
        short[] out = denoise(noisy, -25);
        // Noise only, after the 2.5 s the suppressor takes to learn this unsteady noise (a greeting's length).
        int from = RATE * 5 / 2;
        int to = RATE * LEAD_MS / 1000;
        double noiseDrop = db(NoisyLine.rms(out, from, to) / NoisyLine.rms(noisy, from, to));
        int speechFrom = to;
        int speechTo = noisy.length - RATE / 2;
        double speechKept = db(NoisyLine.rms(out, speechFrom, speechTo) / NoisyLine.rms(clean, speechFrom, speechTo));
        double speechNoisy = db(NoisyLine.rms(noisy, speechFrom, speechTo) / NoisyLine.rms(clean, speechFrom, speechTo));
        System.out.printf("office noise at 10 dB, suppression -25 dB: noise-only segment %.1f dB, speech segment "
                + "%.1f dB from the clean speech (%.1f dB before)%n", noiseDrop, speechKept, speechNoisy);
        assertTrue(noiseDrop <= -5, "noise-only segment lowered by at least 5 dB (measured: 7.4), got " + noiseDrop);
        assertTrue(Math.abs(speechKept) <= 1.5, "speech segment within 1.5 dB of the clean speech, got " + speechKept);
    }

    @Test
    void framesLagUntilCompleteAndDrainReturnsTheRest() {
        try (NoiseSuppressor s = new NoiseSuppressor(8_000, -25)) {
            assertEquals(0, s.process(new short[100]).length, "160-sample frames at 8 kHz: none complete yet");
            assertEquals(160, s.process(new short[100]).length);
            short[] pending = {1, 2, 3};
            assertEquals(0, s.process(pending).length);
            assertEquals(43, s.drain().length, "40 left over, then 3: returned as they came");
            assertEquals(0, s.drain().length);
        }
    }

    @Test
    void drainReturnsTheTailUnchanged() {
        try (NoiseSuppressor s = new NoiseSuppressor(16_000, -25)) {
            short[] tail = {100, -200, 300, -400};
            s.process(tail);
            assertArrayEquals(tail, s.drain());
        }
    }

    @Test
    void closedSuppressorRefusesAudioAndClosesOnce() {
        NoiseSuppressor s = new NoiseSuppressor(16_000, -25);
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.process(new short[320]));
        assertThrows(IllegalArgumentException.class, () -> new NoiseSuppressor(16_000, 5));
    }
}
