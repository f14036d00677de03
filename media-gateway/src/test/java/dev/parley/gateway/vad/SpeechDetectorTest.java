package dev.parley.gateway.vad;

import org.junit.jupiter.api.Test;

import static dev.parley.gateway.vad.SpeechDetector.Change.NONE;
import static dev.parley.gateway.vad.SpeechDetector.Change.SPEECH_ENDED;
import static dev.parley.gateway.vad.SpeechDetector.Change.SPEECH_STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpeechDetectorTest {
    private final SpeechDetector detector = new SpeechDetector(new SpeechDetector.Settings(0.5f, 0.35f, 96, 320), 32);

    @Test
    void aBlipShorterThanTheStartTimeIsNotSpeech() {
        assertEquals(NONE, detector.update(0.9f));
        assertEquals(NONE, detector.update(0.9f));
        assertEquals(NONE, detector.update(0.1f));
        assertEquals(NONE, detector.update(0.9f));
    }

    @Test
    void speechStartsAfterTheStartTimeAndSurvivesShortDips() {
        detector.update(0.9f);
        detector.update(0.9f);
        assertEquals(SPEECH_STARTED, detector.update(0.9f));
        for (int i = 0; i < 9; i++) {
            assertEquals(NONE, detector.update(0.2f), "dip " + i);
        }
        assertEquals(NONE, detector.update(0.4f), "between thresholds still counts as speech");
        for (int i = 0; i < 9; i++) {
            assertEquals(NONE, detector.update(0.1f));
        }
        assertEquals(SPEECH_ENDED, detector.update(0.1f));
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new SpeechDetector.Settings(0.3f, 0.5f, 96, 300));
    }
}
