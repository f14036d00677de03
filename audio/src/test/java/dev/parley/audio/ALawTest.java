package dev.parley.audio;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ALawTest {

    @Test
    void matchesG711ReferencePoints() {
        // G.711 Table 1a/1b: the smallest steps are ±1 in 13-bit units (±8 in 16-bit), the largest 4032 (32256).
        assertEquals(8, ALaw.decode((byte) 0xD5));
        assertEquals(-8, ALaw.decode((byte) 0x55));
        assertEquals(32256, ALaw.decode((byte) 0xAA));
        assertEquals(-32256, ALaw.decode((byte) 0x2A));
        assertEquals(ALaw.SILENCE, ALaw.encode((short) 0));
        assertEquals((byte) 0xAA, ALaw.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, ALaw.encode(Short.MIN_VALUE));
        // 1000 falls in segment 2 (steps of 16): code 0xFA, decoded at the middle of its step, 1008.
        assertEquals((byte) 0xFA, ALaw.encode((short) 1000));
        assertEquals(1008, ALaw.decode((byte) 0xFA));
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int i = 0; i < 256; i++) {
            byte code = (byte) i;
            assertEquals(code, ALaw.encode(ALaw.decode(code)), "code " + i);
        }
    }

    @Test
    void quantizationErrorStaysWithinHalfAStep() {
        for (int s = -32000; s <= 32000; s += 31) {
            int back = ALaw.decode(ALaw.encode((short) s));
            // Steps are 16 in the two lowest segments and double in each segment above: half a step is |s|/32 or 8.
            assertTrue(Math.abs(back - s) <= Math.max(8, Math.abs(s) / 32 + 1), s + " -> " + back);
        }
    }

    @Test
    void aLawFrameBecomesTheSameSoundInMuLaw() {
        short[] tone = AudioTest.sine(440, 8000, 160, 8000);
        byte[] alaw = ALaw.encode(tone);
        byte[] ulaw = ALaw.toMuLaw(alaw);
        assertEquals(160, ulaw.length);
        for (int i = 0; i < tone.length; i++) {
            int heard = MuLaw.decode(ulaw[i]);
            assertTrue(Math.abs(heard - tone[i]) <= Math.max(16, Math.abs(tone[i]) / 12), i + ": " + tone[i] + " -> " + heard);
        }
        // A-law has no zero code: its silence is +8, which μ-law keeps as +8 (about -72 dBFS).
        assertEquals(8, MuLaw.decode(ALaw.toMuLaw(new byte[]{ALaw.SILENCE})[0]));
        assertArrayEquals(new byte[]{ALaw.SILENCE}, ALaw.fromMuLaw(new byte[]{(byte) 0xFF}));
        short[] back = ALaw.decode(ALaw.fromMuLaw(ulaw));
        for (int i = 0; i < tone.length; i++) {
            assertTrue(Math.abs(back[i] - tone[i]) <= Math.max(24, Math.abs(tone[i]) / 8), i + ": " + tone[i] + " -> " + back[i]);
        }
    }
}
