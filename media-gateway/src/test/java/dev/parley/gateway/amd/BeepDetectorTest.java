package dev.parley.gateway.amd;

import dev.parley.audio.MuLaw;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeepDetectorTest {
    private final AmdSettings settings = AmdSettings.defaults();

    private BeepDetector detector() {
        return new BeepDetector(settings.beepMinMs(), settings.beepTonality(), settings.beepMinDbfs());
    }

    /** A sine through μ-law, like a beep reaching the gateway. */
    private static short[] tone(double hz, int ms, double dbfs) {
        short[] pcm = new short[ms * 8];
        double amplitude = Math.pow(10, dbfs / 20) * 32768 * Math.sqrt(2);
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / 8000));
        }
        return MuLaw.decode(MuLaw.encode(pcm));
    }

    /** Feeds 20 ms frames; returns the frame index at which the beep was first reported, -1 if never. */
    private static int firstBeepFrame(BeepDetector d, short[] pcm) {
        int first = -1;
        for (int f = 0; (f + 1) * 160 <= pcm.length; f++) {
            if (d.accept(Arrays.copyOfRange(pcm, f * 160, f * 160 + 160)) == BeepDetector.Tone.BEEP && first < 0) {
                first = f;
            }
        }
        return first;
    }

    @Test
    void aSteadyPureToneIsABeepOnceItLastsLongEnough() {
        for (double hz : new double[]{440, 800, 1000, 1237, 1400, 1985}) {
            BeepDetector d = detector();
            int frame = firstBeepFrame(d, tone(hz, 400, -15));
            assertEquals(settings.beepMinMs() / 20 - 1, frame, hz + " Hz is a beep after " + settings.beepMinMs() + " ms");
            assertEquals(hz, d.beepHz(), 10, "frequency found");
        }
    }

    @Test
    void theBeepEndsWhenTheToneStops() {
        BeepDetector d = detector();
        short[] tone = tone(1000, 300, -15);
        short[] withSilence = Arrays.copyOf(tone, tone.length + 800);
        BeepDetector.Tone last = BeepDetector.Tone.NONE;
        int endedAt = -1;
        for (int f = 0; (f + 1) * 160 <= withSilence.length; f++) {
            last = d.accept(Arrays.copyOfRange(withSilence, f * 160, f * 160 + 160));
            if (last == BeepDetector.Tone.BEEP_ENDED) {
                endedAt = f;
            }
        }
        assertEquals(15, endedAt, "the first frame after the 300 ms tone ends it");
        assertTrue(d.heard());
        assertFalse(d.sounding());
    }

    @Test
    void shortQuietOrOutOfBandTonesAreNotBeeps() {
        assertEquals(-1, firstBeepFrame(detector(), tone(1000, 100, -15)), "100 ms is a click of tone, not a beep");
        assertEquals(-1, firstBeepFrame(detector(), tone(1000, 500, -50)), "too quiet");
        assertEquals(-1, firstBeepFrame(detector(), tone(200, 500, -15)), "below the beep band (hum)");
    }

    @Test
    void speechIsNotABeep() throws Exception {
        for (String voice : new String[]{"flite:kal", "flite:awb", "espeak:en-us+f3"}) {
            short[] speech = GreetingAudio.speech(voice,
                    "Hello, you have reached the voicemail of John. Please leave a message, thank you.");
            BeepDetector d = detector();
            assertEquals(-1, firstBeepFrame(d, speech), voice + " speech taken for a beep");
        }
    }

    @Test
    void framesMustBeTwentyMilliseconds() {
        assertThrows(IllegalArgumentException.class, () -> detector().accept(new short[320]));
    }
}
