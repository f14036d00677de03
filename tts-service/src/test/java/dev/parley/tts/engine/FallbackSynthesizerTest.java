package dev.parley.tts.engine;

import dev.parley.tts.engine.festival.FestivalSynthesizer;
import dev.parley.tts.engine.flite.FliteSynthesizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chain over real engines, with real failures: a missing binary, a festival that cannot meet its deadline. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FallbackSynthesizerTest {
    private static final String HTS = "cmu_us_slt_arctic_hts";
    private final List<String> fallbacks = new ArrayList<>();
    private FliteSynthesizer flite;
    private FestivalSynthesizer festival;

    @BeforeAll
    void start() {
        flite = new FliteSynthesizer("", "kal16");
        festival = new FestivalSynthesizer("festival", HTS, 1, Duration.ofSeconds(10));
    }

    @AfterAll
    void stop() {
        festival.close();
    }

    private FallbackSynthesizer.FallbackListener recorder() {
        fallbacks.clear();
        return (failed, next, error) -> fallbacks.add(failed + "->" + next + ": " + error);
    }

    @Test
    void theFirstEngineSpeaksWhenItWorks() throws Exception {
        FallbackSynthesizer chain = new FallbackSynthesizer(List.of(festival, flite));
        SynthesizedAudio audio = chain.synthesize("Hello there.", null, recorder());
        assertEquals("festival", audio.engine());
        assertTrue(audio.durationMs() > 300, "audio of " + audio.durationMs() + " ms");
        assertTrue(fallbacks.isEmpty());
    }

    @Test
    void aTimedOutEngineHandsThePhraseToTheNextAndReportsIt() throws Exception {
        try (FestivalSynthesizer slow = new FestivalSynthesizer("festival", HTS, 1, Duration.ofMillis(1))) {
            FallbackSynthesizer chain = new FallbackSynthesizer(List.of(slow, flite));
            SynthesizedAudio audio = chain.synthesize("Your order has shipped.", null, recorder());
            assertEquals("flite", audio.engine());
            assertEquals(1, fallbacks.size());
            assertTrue(fallbacks.get(0).startsWith("festival->flite: festival timed out"), fallbacks.get(0));
        }
    }

    @Test
    void whenEveryEngineFailsTheErrorSaysSoAndTheLastHandOverHasNoNext() {
        try (FestivalSynthesizer slow = new FestivalSynthesizer("festival", HTS, 1, Duration.ofMillis(1))) {
            FallbackSynthesizer chain = new FallbackSynthesizer(List.of(slow));
            SynthesisException e = assertThrows(SynthesisException.class,
                    () -> chain.synthesize("Hello.", null, recorder()));
            assertTrue(e.getMessage().startsWith("all speech engines failed"), e.getMessage());
            assertEquals(1, fallbacks.size());
            assertTrue(fallbacks.get(0).startsWith("festival->null"), fallbacks.get(0));
        }
    }

    @Test
    void anEngineThatCannotStartIsUnavailableAndSkipped() throws Exception {
        try (FestivalSynthesizer missing = new FestivalSynthesizer("/nonexistent/festival", HTS, 1,
                Duration.ofSeconds(1))) {
            assertFalse(missing.isAvailable());
            FallbackSynthesizer chain = new FallbackSynthesizer(List.of(missing, flite));
            assertTrue(chain.isAvailable());
            assertEquals("flite", chain.synthesize("Hello.", null, recorder()).engine());
            assertTrue(fallbacks.isEmpty(), "an unavailable engine is skipped, not failed over: " + fallbacks);
            SynthesisException e = assertThrows(SynthesisException.class, () -> missing.synthesize("Hello.", null));
            assertTrue(e.getMessage().contains("could not start"), e.getMessage());
        }
    }

    @Test
    void aRequestedVoicePicksTheEngineThatHasIt() throws Exception {
        FallbackSynthesizer chain = new FallbackSynthesizer(List.of(flite, festival));
        assertEquals("festival", chain.synthesize("Hello.", HTS, recorder()).engine());
        assertEquals("flite", chain.synthesize("Hello.", "slt", recorder()).engine());
        assertEquals("flite", chain.synthesize("Hello.", null, recorder()).engine());
        assertTrue(chain.voices().contains(HTS) && chain.voices().contains("kal16"));
    }

    @Test
    void festivalReportsSchemeErrorsForAnUnknownVoiceAndKeepsWorking() throws Exception {
        SynthesisException e = assertThrows(SynthesisException.class,
                () -> festival.synthesize("Hello.", "no_such_voice"));
        assertTrue(e.getMessage().contains("loading voice no_such_voice"), e.getMessage());
        assertEquals("festival", festival.synthesize("Still here.", null).engine());
    }

    @Test
    void festivalSpeaksTextWithQuotesAndBackslashesSafely() throws Exception {
        SynthesizedAudio audio = festival.synthesize("He said \"hi\" \\ (quit) ; bye.", null);
        assertTrue(audio.durationMs() > 300);
    }
}
