package dev.parley.tts.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The onset rule on signals whose onset is known to the sample (real engine audio: TrimmedSpeechTest). */
class LeadingSilenceTest {

    /** {@code hissMs} of -75 dBFS hiss, {@code rampMs} at -57 dBFS (a faint consonant), then 300 ms at -20 dBFS. */
    static short[] phrase(int rate, int hissMs, int rampMs) {
        Random random = new Random(7);
        int hiss = rate * hissMs / 1000;
        int ramp = rate * rampMs / 1000;
        short[] pcm = new short[hiss + ramp + rate * 3 / 10];
        for (int i = 0; i < pcm.length; i++) {
            double amplitude = i < hiss ? 0.000178 : i < hiss + ramp ? 0.0014 : 0.1;
            double tone = Math.sin(2 * Math.PI * 440 * i / rate) * Math.sqrt(2);
            pcm[i] = (short) Math.round(32767 * amplitude * (i < hiss ? random.nextGaussian() : tone));
        }
        return pcm;
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 22050, 48000})
    void aReplyOpensPreRollBeforeItsSpeechAtAnyRate(int rate) {
        short[] pcm = phrase(rate, 250, 0);
        int speech = rate * 250 / 1000;
        int onset = LeadingSilence.onset(pcm, rate);
        int window = rate * LeadingSilence.WINDOW_MS / 1000;
        assertTrue(onset <= speech && onset > speech - window, "onset " + onset + " vs speech at " + speech);
        short[] trimmed = LeadingSilence.trim(pcm, rate, true);
        int lead = trimmed.length - (pcm.length - speech);
        int preRoll = rate * LeadingSilence.PRE_ROLL_MS / 1000;
        assertTrue(lead >= preRoll && lead < preRoll + window, "lead " + lead + " samples, pre-roll " + preRoll);
    }

    @Test
    void aFaintConsonantBeforeTheVowelIsKept() {
        short[] pcm = phrase(8000, 200, 40);
        short[] trimmed = LeadingSilence.trim(pcm, 8000, true);
        int consonantAndVowel = pcm.length - 8000 * 200 / 1000;
        assertEquals(consonantAndVowel + 8000 * LeadingSilence.PRE_ROLL_MS / 1000, trimmed.length,
                "the whole -57 dBFS consonant and the pre-roll kept, the rest of the hiss cut");
    }

    @Test
    void aLaterPhraseKeepsANaturalPauseAndLosesAnAbsurdOne() {
        short[] natural = phrase(8000, 250, 0);
        assertSame(natural, LeadingSilence.trim(natural, 8000, false));
        short[] absurd = phrase(8000, 3000, 0);
        short[] capped = LeadingSilence.trim(absurd, 8000, false);
        assertEquals(8000 * LeadingSilence.MAX_PAUSE_MS / 1000, capped.length - 8000 * 3 / 10);
    }

    @Test
    void anInaudibleFirstPhraseSendsNothingAndALaterOneIsLeftAlone() {
        short[] hiss = phrase(8000, 1000, 0);
        short[] onlyHiss = Arrays.copyOf(hiss, 8000);
        assertEquals(-1, LeadingSilence.onset(onlyHiss, 8000));
        assertEquals(0, LeadingSilence.trim(onlyHiss, 8000, true).length);
        assertSame(onlyHiss, LeadingSilence.trim(onlyHiss, 8000, false));
        assertEquals(0, LeadingSilence.trim(new short[0], 8000, true).length);
    }

    @Test
    void aQuietPhraseThatNeverReachesSpeechLevelStillFindsItsOnset() {
        short[] pcm = phrase(8000, 200, 0);
        for (int i = 8000 * 200 / 1000; i < pcm.length; i++) {
            pcm[i] = (short) (pcm[i] * 0.03); // -50 dBFS: audible on the phone, never speech level
        }
        assertEquals(8000 * 200 / 1000, LeadingSilence.onset(pcm, 8000));
    }

    @Test
    void speechFromTheFirstSampleIsUntouched() {
        short[] pcm = phrase(8000, 0, 0);
        assertArrayEquals(pcm, LeadingSilence.trim(pcm, 8000, true));
    }
}
