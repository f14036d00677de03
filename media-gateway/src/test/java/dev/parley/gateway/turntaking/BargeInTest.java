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
    private final BargeIn detector = new BargeIn(0.5f, 0.35f, 600, 224, 32);

    @Test
    void pausesAtTheFirstSpeechFrameAndResumesAfterACough() {
        assertEquals(NONE, detector.onFrame(0.1f));
        assertEquals(PAUSE, detector.onFrame(0.9f));
        assertEquals(NONE, detector.onFrame(0.8f));
        assertEquals(NONE, detector.onFrame(0.7f));
        for (int i = 0; i < 6; i++) {
            assertEquals(NONE, detector.onFrame(0.05f), "quiet frame " + i);
        }
        assertEquals(RESUME, detector.onFrame(0.05f), "224 ms of quiet releases the pause");
        assertFalse(detector.paused());
    }

    @Test
    void sustainedSpeechInterruptsWithoutWaitingForWords() {
        assertEquals(PAUSE, detector.onFrame(0.9f));
        BargeIn.Verdict v = NONE;
        int frames = 1;
        while (v == NONE) {
            v = detector.onFrame(0.9f);
            frames++;
        }
        assertEquals(INTERRUPT, v);
        assertEquals(19, frames, "600 ms at 32 ms a frame");
    }

    @Test
    void realWordsInterruptAtOnceButBackchannelsDoNot() {
        detector.onFrame(0.9f);
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
        detector.onFrame(0.9f);
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
    }
}
