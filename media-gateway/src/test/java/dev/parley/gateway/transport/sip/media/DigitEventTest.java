package dev.parley.gateway.transport.sip.media;

import dev.parley.audio.MuLaw;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key presses passed on to a peer: as RFC 4733 telephone-events, or as the key's tones. */
class DigitEventTest {

    @Test
    void aKeyIsFiveUpdatesThenItsEndThreeTimes() {
        DigitEvent nine = new DigitEvent("9");
        assertTrue(nine.starting());
        List<byte[]> payloads = new ArrayList<>();
        while (!nine.done()) {
            payloads.add(nine.next());
        }
        assertEquals(8, payloads.size());
        assertArrayEquals(new byte[]{9, 10, 0, (byte) 160}, payloads.get(0), "event 9, volume 10, 160 units");
        assertArrayEquals(new byte[]{9, 10, 3, 32}, payloads.get(4), "800 units: 100 ms");
        for (int i = 5; i < 8; i++) {
            assertArrayEquals(new byte[]{9, (byte) 0x8a, 3, 32}, payloads.get(i), "the end bit, the final duration");
        }
        assertThrows(IllegalStateException.class, nine::next);
    }

    @Test
    void everyKeyIsReadBackOnceByTheReceiversDecoder() {
        for (char key : "0123456789*#ABCD".toCharArray()) {
            DigitEvent event = new DigitEvent(String.valueOf(key));
            TelephoneEvents receiver = new TelephoneEvents(101);
            List<String> read = new ArrayList<>();
            for (int seq = 0; !event.done(); seq++) {
                boolean first = event.starting();
                receiver.digit(new RtpPacket(101, first, seq, 4_000, 7, event.next())).ifPresent(read::add);
            }
            assertEquals(List.of(String.valueOf(key)), read);
        }
    }

    @Test
    void notAKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DigitEvent("x"));
        assertThrows(IllegalArgumentException.class, () -> new DigitEvent("12"));
        assertThrows(IllegalArgumentException.class, () -> DtmfTones.ulaw("E"));
    }

    @Test
    void aKeysTonesAreItsTwoFrequenciesThenSilence() {
        assertArrayEquals(new double[]{770, 1336}, DtmfTones.frequencies("5"));
        assertArrayEquals(new double[]{941, 1477}, DtmfTones.frequencies("#"));
        short[] pcm = MuLaw.decode(DtmfTones.ulaw("5"));
        assertEquals(1280, pcm.length, "160 ms: eight 20 ms frames");
        double low = power(pcm, 0, 800, 770);
        double high = power(pcm, 0, 800, 1336);
        double other = power(pcm, 0, 800, 697) + power(pcm, 0, 800, 1209);
        assertTrue(low > 20 * other && high > 20 * other, "770 and 1336 Hz dominate: " + low + ", " + high + " vs "
                + other);
        assertFalse(power(pcm, 800, 480, 770) > 1e-3 * low, "a gap after the tones");
    }

    /** Goertzel power of {@code hz} over {@code length} samples from {@code from}. */
    private static double power(short[] pcm, int from, int length, double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / 8_000.0);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + length; i++) {
            double s = pcm[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }
}
