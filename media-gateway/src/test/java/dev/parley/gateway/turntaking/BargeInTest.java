package dev.parley.gateway.turntaking;

import org.junit.jupiter.api.Test;

import static dev.parley.gateway.turntaking.BargeIn.Verdict.INTERRUPT;
import static dev.parley.gateway.turntaking.BargeIn.Verdict.NONE;
import static dev.parley.gateway.turntaking.BargeIn.Verdict.PAUSE;
import static dev.parley.gateway.turntaking.BargeIn.Verdict.RESUME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BargeInTest {
    private final BargeIn detector = new BargeIn(0.5f, 0.35f, 600, 224, 20, 32);

    @Test
    void pausesAtTheFirstSpeechFrameAndResumesAfterACough() {
        assertEquals(NONE, detector.onFrame(0.1f, Double.NaN));
        assertEquals(PAUSE, detector.onFrame(0.9f, Double.NaN));
        assertEquals(NONE, detector.onFrame(0.8f, Double.NaN));
        assertEquals(NONE, detector.onFrame(0.7f, Double.NaN));
        for (int i = 0; i < 6; i++) {
            assertEquals(NONE, detector.onFrame(0.05f, Double.NaN), "quiet frame " + i);
        }
        assertEquals(RESUME, detector.onFrame(0.05f, Double.NaN), "224 ms of quiet releases the pause");
        assertFalse(detector.paused());
    }

    @Test
    void sustainedSpeechInterruptsWithoutWaitingForWords() {
        assertEquals(PAUSE, detector.onFrame(0.9f, Double.NaN));
        BargeIn.Verdict v = NONE;
        int frames = 1;
        while (v == NONE) {
            v = detector.onFrame(0.9f, Double.NaN);
            frames++;
        }
        assertEquals(INTERRUPT, v);
        assertEquals(19, frames, "600 ms at 32 ms a frame");
    }

    @Test
    void realWordsInterruptAtOnceButBackchannelsDoNot() {
        detector.onFrame(0.9f, Double.NaN);
        assertEquals(NONE, detector.onWords("mhm"));
        assertEquals(NONE, detector.onWords("okay yeah"));
        assertEquals(NONE, detector.onWords("uh huh"));
        assertEquals(NONE, detector.onWords("him"), "one unknown word may be a misheard mhm");
        assertEquals(INTERRUPT, detector.onWords("wait"), "a word that asks for the floor interrupts alone");
        assertFalse(detector.paused());
        assertEquals(NONE, detector.onWords("stop"), "nothing to interrupt when not paused");
    }

    @Test
    void twoWordsWithMeaningInterrupt() {
        detector.onFrame(0.9f, Double.NaN);
        assertEquals(INTERRUPT, detector.onWords("which order"));
    }

    @Test
    void contentWordsAreToldFromBackchannels() {
        assertTrue(BargeIn.hasContentWord("i want to cancel"));
        assertFalse(BargeIn.hasContentWord("i see"));
        assertFalse(BargeIn.hasContentWord("  "));
        // How Vosk writes a phone-band "mhm": no meaning, the agent goes on.
        assertFalse(BargeIn.meansInterruption("im hm"));
        assertFalse(BargeIn.meansInterruption("mh hm"));
        assertFalse(BargeIn.meansInterruption("uhm mmm"));
        assertTrue(BargeIn.meansInterruption("i'm calling about my order"));
        // A long "mhm" as Vosk heard it on one voice: one misheard word between function words.
        assertFalse(BargeIn.meansInterruption("a major and"));
        assertTrue(BargeIn.meansInterruption("which order"));
    }

    @Test
    void aRiseOfTheLineStopsTheAgentBeforeTheVadHearsSpeech() {
        assertEquals(NONE, detector.onFrame(0.02f, 6), "a rise under the onset is not a pause");
        assertEquals(PAUSE, detector.onFrame(0.05f, 25), "a voice the VAD is slow on");
        for (int i = 0; i < 8; i++) {
            assertEquals(NONE, detector.onFrame(0.1f, 20), "loud, not yet speech to the VAD: held, frame " + i);
        }
        assertEquals(NONE, detector.onFrame(0.9f, 25), "the VAD catches up");
        assertEquals(INTERRUPT, detector.onWords("wait"));
    }

    @Test
    void aKnockPausesOnSoundAndTheAgentResumesOnceTheLineIsQuiet() {
        assertEquals(PAUSE, detector.onFrame(0.03f, 30));
        for (int i = 0; i < 6; i++) {
            assertEquals(NONE, detector.onFrame(0.03f, 2), "quiet frame " + i);
        }
        assertEquals(RESUME, detector.onFrame(0.03f, 2), "224 ms of quiet, as after any false pause");
    }

    @Test
    void aLongNoiseTheVadNeverCallsSpeechIsReleasedAfterTheHold() {
        assertEquals(PAUSE, detector.onFrame(0.03f, 30));
        int frames = 1;
        BargeIn.Verdict v = NONE;
        while (v == NONE) {
            v = detector.onFrame(0.03f, 20);
            frames++;
        }
        assertEquals(RESUME, v);
        assertEquals(BargeIn.SOUND_ONLY_HOLD_MS / 32, frames, "released after the hold, not held while it lasts");
    }

    @Test
    void withoutAnOnsetLevelOnlyTheVadPauses() {
        BargeIn vadOnly = new BargeIn(0.5f, 0.35f, 600, 224, 0, 32);
        assertEquals(NONE, vadOnly.onFrame(0.05f, 40));
        assertEquals(PAUSE, vadOnly.onFrame(0.9f, 40));
    }

    @Test
    void theVadTrailingASoundThatHasEndedDoesNotHoldThePause() {
        assertEquals(PAUSE, detector.onFrame(0.9f, 30));
        assertEquals(NONE, detector.onFrame(0.9f, 28));
        // The line is back at its background; Silero still says speech for a few frames.
        for (int i = 0; i < 6; i++) {
            assertEquals(NONE, detector.onFrame(0.45f, 1), "frame " + i);
        }
        assertEquals(RESUME, detector.onFrame(0.4f, 1), "224 ms after the sound ended, not after the VAD let go");
        assertEquals(PAUSE, detector.onFrame(0.9f, 3), "soft speech the VAD is sure of is speech, however faint");
        assertEquals(NONE, detector.onFrame(0.9f, 3));
    }

    @Test
    void theVadSureOfSpeechForAFewFramesAfterTheSoundEndedCountsAsQuiet() {
        assertEquals(PAUSE, detector.onFrame(0.9f, 30));
        assertEquals(NONE, detector.onFrame(0.9f, 28));
        // Silero trails a voiced "mhm" above its speech threshold for five frames on a line back at its background.
        for (int i = 0; i < 5; i++) {
            assertEquals(NONE, detector.onFrame(0.8f, 1), "trailing frame " + i);
        }
        for (int i = 0; i < 1; i++) {
            assertEquals(NONE, detector.onFrame(0.1f, 1), "quiet frame " + i);
        }
        assertEquals(RESUME, detector.onFrame(0.1f, 1), "224 ms after the sound ended, the VAD's trail included");
    }

    @Test
    void softSpeechTheVadStaysSureOfIsNotQuiet() {
        BargeIn longConfirm = new BargeIn(0.5f, 0.35f, 1200, 224, 20, 32);
        assertEquals(PAUSE, longConfirm.onFrame(0.9f, 30));
        // A caller speaking softly on a noisy line: within a few dB of the background, the VAD sure throughout.
        for (int i = 0; i < 20; i++) {
            assertEquals(NONE, longConfirm.onFrame(0.9f, 3), "soft speech frame " + i + " must not resume the agent");
        }
        BargeIn.Verdict last = NONE;
        int more = 0;
        while (last == NONE && more++ < 40) {
            last = longConfirm.onFrame(0.9f, 3);
        }
        assertEquals(INTERRUPT, last, "soft speech lasting long enough interrupts");
        // its first frames were taken for the VAD's trail: confirmed that much later than loud speech would be
        assertEquals(1 + 20 + more, 1 + (1200 + VadTrail.VAD_TRAIL_MS) / 32);
    }
}
