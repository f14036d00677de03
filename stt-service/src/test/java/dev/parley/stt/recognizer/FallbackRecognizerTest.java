package dev.parley.stt.recognizer;

import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.stt.support.CrashingRecognizer;
import dev.parley.stt.support.Models;
import dev.parley.stt.support.StreamDriver;
import dev.parley.stt.support.TestAudio;
import dev.parley.stt.vosk.VoskRecognizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fallback chain with real engines: a Vosk with a missing model, a Vosk that dies mid-stream, a working Vosk. */
class FallbackRecognizerTest {
    private static VoskRecognizer vosk;
    private static VoskRecognizer missing;
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();
    private final StreamSpec spec = new StreamSpec("acme", "call-fb", 16000, "");

    @BeforeAll
    static void load() {
        vosk = VoskRecognizer.load("vosk", Models.voskModelDir(), "en-US");
        missing = VoskRecognizer.load("vosk-missing", Path.of("target/missing-model"), "en-US");
    }

    @AfterAll
    static void close() {
        vosk.close();
    }

    @BeforeEach
    void clear() {
        events.clear();
    }

    @Test
    void engineThatCannotOpen_isSkipped_andTheFallbackIsPublished() {
        FallbackRecognizer chain = new FallbackRecognizer(List.of(missing, vosk), events::add, 30_000);
        assertTrue(chain.ready());
        try (RecognitionStream s = chain.open(spec)) {
            assertEquals("vosk", s.engine());
            assertEquals(TestAudio.GO_FORWARD_TEXT, new StreamDriver(s).feed(TestAudio.goForward16k(), 16000)
                    .finish().text());
        }
        EngineFallback e = single();
        assertEquals("stt", e.stage());
        assertEquals("vosk-missing", e.failedEngine());
        assertEquals("vosk", e.nextEngine());
        assertEquals("acme", e.tenantId());
        assertTrue(e.error().contains("missing-model"), e.error());
    }

    @Test
    void engineThatDiesMidUtterance_isReplacedWithoutLosingTheUtterance() {
        short[] pcm = TestAudio.goForward16k();
        List<RecognizedWord> direct;
        try (RecognitionStream s = vosk.open(spec)) {
            StreamDriver d = new StreamDriver(s).feed(pcm, 16000).finish();
            direct = d.finals.get(d.finals.size() - 1).words();
        }
        FallbackRecognizer chain = new FallbackRecognizer(
                List.of(new CrashingRecognizer("flaky", vosk, 1200), vosk), events::add, 30_000);
        try (RecognitionStream s = chain.open(spec)) {
            StreamDriver d = new StreamDriver(s).feed(pcm, 16000).finish();
            assertEquals(TestAudio.GO_FORWARD_TEXT, d.text());
            assertEquals("vosk", s.engine());
            assertTrue(d.partials.stream().anyMatch(p -> p.engine().equals("flaky")), "flaky served the start");
            List<RecognizedWord> words = d.finals.get(d.finals.size() - 1).words();
            for (int i = 0; i < words.size(); i++) {
                assertEquals(direct.get(i).startMs(), words.get(i).startMs(), 60, "word " + i);
            }
        }
        EngineFallback e = single();
        assertEquals("flaky", e.failedEngine());
        assertEquals("vosk", e.nextEngine());
        assertTrue(e.error().contains("lost its connection"), e.error());
    }

    @Test
    void afterAFinal_onlyTheNewUtteranceIsReplayed_andTimesStayStreamRelative() {
        short[] pcm = TestAudio.goForward16k();
        long clipMs = TestAudio.millis(pcm, 16000);
        FallbackRecognizer chain = new FallbackRecognizer(
                List.of(new CrashingRecognizer("flaky", vosk, clipMs + 1000), vosk), events::add, 30_000);
        try (RecognitionStream s = chain.open(spec)) {
            StreamDriver d = new StreamDriver(s).feed(pcm, 16000).finish().feed(pcm, 16000).finish();
            assertEquals(TestAudio.GO_FORWARD_TEXT + " " + TestAudio.GO_FORWARD_TEXT, d.text());
            Recognition second = d.finals.get(d.finals.size() - 1);
            assertEquals("vosk", second.engine());
            assertTrue(second.words().get(0).startMs() > clipMs, "second utterance starts after the first clip: "
                    + second.words());
        }
        assertEquals(1, events.size());
    }

    @Test
    void replayIsBounded_onlyTheNewestAudioIsReplayed() {
        short[] pcm = TestAudio.goForward16k();
        // Dies 2.7 s in with only 1.3 s kept: the replacement hears the end of the utterance only ("... meters").
        FallbackRecognizer chain = new FallbackRecognizer(
                List.of(new CrashingRecognizer("flaky", vosk, 2700), vosk), events::add, 1300);
        try (RecognitionStream s = chain.open(spec)) {
            StreamDriver d = new StreamDriver(s).feed(pcm, 16000).finish();
            Recognition fin = d.finals.get(d.finals.size() - 1);
            assertTrue(fin.text().endsWith("meters") && !fin.text().contains("forward"), fin.text());
            assertTrue(fin.words().get(0).startMs() >= 2700 - 1300 - 40, fin.words().toString());
        }
    }

    @Test
    void everyEngineFailing_endsTheStreamWithAllReasons() {
        VoskRecognizer missingToo = VoskRecognizer.load("vosk-missing-2", Path.of("target/missing-2"), "en-US");
        FallbackRecognizer chain = new FallbackRecognizer(List.of(missing, missingToo), events::add, 30_000);
        RecognizerUnavailableException e = assertThrows(RecognizerUnavailableException.class, () -> chain.open(spec));
        assertTrue(e.getMessage().contains("missing-model") && e.getMessage().contains("missing-2"), e.getMessage());
        assertEquals(2, events.size());
        assertEquals("none", ((EngineFallback) events.get(1)).nextEngine());
    }

    @Test
    void lastEngineDyingMidStream_failsTheStream() {
        FallbackRecognizer chain = new FallbackRecognizer(List.of(new CrashingRecognizer("flaky", vosk, 500)),
                events::add, 30_000);
        RecognitionStream s = chain.open(spec);
        assertThrows(RecognizerUnavailableException.class,
                () -> new StreamDriver(s).feed(TestAudio.goForward16k(), 16000));
        assertEquals("none", single().nextEngine());
        s.close();
    }

    @Test
    void unsupportedLanguage_isABadRequestNotAnOutage() {
        FallbackRecognizer chain = new FallbackRecognizer(List.of(vosk), events::add, 30_000);
        assertThrows(IllegalArgumentException.class,
                () -> chain.open(new StreamSpec("acme", "call-fb", 16000, "fr-FR")));
        assertTrue(events.isEmpty());
    }

    private EngineFallback single() {
        assertEquals(1, events.size(), events.toString());
        return (EngineFallback) events.get(0);
    }
}
