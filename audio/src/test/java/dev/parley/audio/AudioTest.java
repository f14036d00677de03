package dev.parley.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioTest {

    @Test
    void muLawMatchesG711ReferencePoints() {
        assertEquals((byte) 0xFF, MuLaw.encode((short) 0));
        assertEquals(0, MuLaw.decode((byte) 0xFF));
        assertEquals((byte) 0x80, MuLaw.encode(Short.MAX_VALUE));
        assertEquals(32124, MuLaw.decode((byte) 0x80));
        assertEquals(-32124, MuLaw.decode((byte) 0x00));
        // Every code decodes to a value that encodes back to the same code.
        for (int i = 0; i < 256; i++) {
            byte code = (byte) i;
            if (i == 0x7F) {
                continue; // negative zero maps to positive zero's code
            }
            assertEquals(code, MuLaw.encode(MuLaw.decode(code)), "code " + i);
        }
    }

    @Test
    void muLawQuantizationErrorIsSmallRelativeToTheSignal() {
        for (int s = -32000; s <= 32000; s += 97) {
            int back = MuLaw.decode(MuLaw.encode((short) s));
            assertTrue(Math.abs(back - s) <= Math.max(8, Math.abs(s) / 16), s + " -> " + back);
        }
    }

    @Test
    void resamplingKeepsAToneAndItsLength() {
        int n = 8000;
        short[] tone = sine(440, 8000, n, 8000);
        short[] up = Resampler.convert(tone, 8000, 16000);
        assertEquals(16000, up.length);
        short[] expected = sine(440, 16000, 16000, 8000);
        double err = 0;
        for (int i = 100; i < up.length - 100; i++) {
            err += Math.abs(up[i] - expected[i]);
        }
        assertTrue(err / (up.length - 200) < 200, "mean error " + err / (up.length - 200));
        short[] down = Resampler.convert(up, 16000, 8000);
        assertEquals(8000, down.length);
    }

    @Test
    void streamingResamplingMatchesTheLengthOfTheInput() {
        Resampler r = new Resampler(8000, 16000);
        int total = 0;
        for (int i = 0; i < 50; i++) {
            total += r.process(new short[160]).length;
        }
        assertEquals(16000, total, 2);
    }

    @Test
    void resamplingRemovesContentAboveTheNewNyquist() {
        short[] high = sine(6000, 16000, 16000, 8000);
        short[] down = Resampler.convert(high, 16000, 8000);
        assertTrue(Pcm16.rmsDbfs(down, 100, down.length - 200) < -30, "6 kHz must not alias into 8 kHz audio");
    }

    @Test
    void wavRoundTripAndClearErrors() {
        short[] s = sine(300, 16000, 1600, 1000);
        Wav.Clip clip = Wav.read(Wav.pcm16(s, 16000));
        assertEquals(16000, clip.sampleRate());
        assertArrayEquals(s, clip.samples());
        assertEquals(100, clip.durationMs());
        assertThrows(IllegalArgumentException.class, () -> Wav.read(new byte[]{1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Pcm16.fromBytes(new byte[3]));
    }

    static short[] sine(double freq, int rate, int n, double amp) {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.round(amp * Math.sin(2 * Math.PI * freq * i / rate));
        }
        return out;
    }
}
