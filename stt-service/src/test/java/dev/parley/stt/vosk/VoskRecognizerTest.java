package dev.parley.stt.vosk;

import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognitionStream;
import dev.parley.stt.recognizer.RecognizedWord;
import dev.parley.stt.recognizer.RecognizerUnavailableException;
import dev.parley.stt.recognizer.StreamSpec;
import dev.parley.stt.support.Models;
import dev.parley.stt.support.StreamDriver;
import dev.parley.stt.support.TestAudio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoskRecognizerTest {
    private static VoskRecognizer vosk;

    @BeforeAll
    static void load() {
        vosk = VoskRecognizer.load("vosk", Models.voskModelDir(), "en-US");
        assertTrue(vosk.ready(), () -> vosk.loadError().orElse(""));
        System.out.printf("Vosk model loaded in %d ms%n", vosk.loadMillis());
    }

    @AfterAll
    static void close() {
        vosk.close();
        vosk.close();
    }

    @Test
    void wideband_wordsWithTimesAndConfidence() {
        short[] pcm = TestAudio.goForward16k();
        try (RecognitionStream s = vosk.open(spec(16000))) {
            StreamDriver d = new StreamDriver(s).feed(pcm, 16000).finish();
            assertEquals(TestAudio.GO_FORWARD_TEXT, d.text());
            Recognition fin = d.finals.get(d.finals.size() - 1);
            assertEquals(4, fin.words().size());
            long previousEnd = 0;
            for (RecognizedWord w : fin.words()) {
                assertTrue(w.startMs() >= previousEnd && w.endMs() > w.startMs(), w.toString());
                previousEnd = w.endMs();
            }
            assertTrue(previousEnd <= TestAudio.millis(pcm, 16000));
            assertTrue(d.partials.stream().anyMatch(p -> p.text().startsWith("go")), "partials while speaking");
        }
    }

    @Test
    void narrowband8k_isResampledToTheModelRate() {
        short[] phone = TestAudio.phoneBand(TestAudio.goForward16k());
        try (RecognitionStream s = vosk.open(spec(8000))) {
            assertEquals(TestAudio.GO_FORWARD_TEXT, new StreamDriver(s).feed(phone, 8000).finish().text());
        }
    }

    @Test
    void decoderOverrides_stillRecognizeARecordedUtterance_atBothRates() {
        VoskRecognizer tuned = VoskRecognizer.load("vosk-tuned", Models.voskModelDir(), "en-US",
                DecoderSettings.of(700, 8, 1));
        try {
            assertTrue(tuned.ready(), () -> tuned.loadError().orElse(""));
            try (RecognitionStream s = tuned.open(spec(16000))) {
                assertEquals(TestAudio.GO_FORWARD_TEXT, new StreamDriver(s).feed(TestAudio.goForward16k(), 16000)
                        .finish().text());
            }
            short[] phone = TestAudio.phoneBand(TestAudio.goForward16k());
            try (RecognitionStream s = tuned.open(spec(8000))) {
                assertEquals(TestAudio.GO_FORWARD_TEXT, new StreamDriver(s).feed(phone, 8000).finish().text());
            }
        } finally {
            tuned.close();
        }
    }

    @Test
    void maxActiveBelowTheModelsMinActive_leavesTheEngineNotReady() {
        VoskRecognizer broken = VoskRecognizer.load("vosk-narrow", Models.voskModelDir(), "en-US",
                DecoderSettings.of(100, 10, 2));
        assertFalse(broken.ready());
        assertTrue(broken.loadError().orElse("").contains("min-active"), () -> broken.loadError().orElse(""));
    }

    @Test
    void finishWithoutSpeech_isAnEmptyFinal() {
        try (RecognitionStream s = vosk.open(spec(16000))) {
            Recognition nothing = s.finish();
            assertTrue(nothing.isFinal());
            assertEquals("", nothing.text());
            assertEquals(0f, nothing.confidence());
        }
    }

    @Test
    void closedStream_refusesAudio_andClosesOnce() {
        RecognitionStream s = vosk.open(spec(16000));
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.accept(new short[320]));
    }

    @Test
    void missingModel_leavesTheEngineNotReady_andOpenFailsClearly() {
        Path missing = Path.of("target/no-such-model");
        VoskRecognizer broken = VoskRecognizer.load("vosk-missing", missing, "en-US");
        assertFalse(broken.ready());
        RecognizerUnavailableException e = assertThrows(RecognizerUnavailableException.class,
                () -> broken.open(spec(16000)));
        assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
    }

    @Test
    void languageSupport_matchesThePrimaryTag() {
        assertTrue(vosk.supports(""));
        assertTrue(vosk.supports("en"));
        assertTrue(vosk.supports("en-GB"));
        assertFalse(vosk.supports("de-DE"));
    }

    static StreamSpec spec(int rate) {
        return new StreamSpec("acme", "call-unit", rate, "");
    }
}
