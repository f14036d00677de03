package dev.parley.tts.engine;

import dev.parley.tts.engine.festival.FestivalSynthesizer;
import dev.parley.tts.engine.flite.FliteSynthesizer;
import dev.parley.tts.intelligibility.Transcriber;
import dev.parley.tts.intelligibility.WordErrorRate;
import dev.parley.tts.normalize.TextNormalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real engines, real recognizer: agent sentences go through the normalizer and an engine, then through the phone
 * band (8 kHz μ-law), then Vosk; the word error rate against the normalized text bounds intelligibility.
 * Prints the figures the default engine is chosen by (README "Choosing the default engine").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineIntelligibilityTest {
    static final List<String> SENTENCES = List.of(
            "Your order 1234 has shipped and will arrive on Friday.",
            "We are open Monday to Friday, 9 am to 6 pm.",
            "Your total comes to $50.",
            "You can return any item within 30 days of delivery.",
            "Thank you for calling, how can I help you today?",
            "I have booked your appointment for Tuesday at 3 pm.",
            "Please hold while I check your account.",
            "The package was delivered to your front door this morning.",
            "Would you like me to send a confirmation by email?",
            "Your refund will appear on your statement in five to seven business days.");
    static final String SHORT_PHRASE = "Sure, let me check.";

    private final TextNormalizer normalizer = new TextNormalizer();
    private Transcriber transcriber;
    private FliteSynthesizer flite;
    private FliteSynthesizer fliteSlt;
    private FestivalSynthesizer festival;

    @BeforeAll
    void start() throws Exception {
        transcriber = new Transcriber();
        flite = new FliteSynthesizer("", "kal16");
        fliteSlt = new FliteSynthesizer("", "slt");
        festival = new FestivalSynthesizer("festival", "cmu_us_slt_arctic_hts", 1, Duration.ofSeconds(10));
    }

    @AfterAll
    void stop() {
        festival.close();
        transcriber.close();
    }

    @Test
    void festivalHtsIsIntelligibleOnThePhone() throws Exception {
        Figures f = measure(festival, "festival/cmu_us_slt_arctic_hts", true);
        assertTrue(f.wer <= 0.15, "festival phone-band WER " + f.wer);
        assertTrue(f.wideWer <= 0.10, "festival 16 kHz WER " + f.wideWer);
    }

    @Test
    void fliteKal16IsIntelligibleOnThePhone() throws Exception {
        Figures f = measure(flite, "flite/kal16", true);
        assertTrue(f.wer <= 0.30, "flite kal16 phone-band WER " + f.wer);
        assertTrue(f.wideWer <= 0.25, "flite kal16 16 kHz WER " + f.wideWer);
    }

    @Test
    void fliteSltIsIntelligibleOnThePhone() throws Exception {
        Figures f = measure(fliteSlt, "flite/slt", false);
        assertTrue(f.wer <= 0.35, "flite slt phone-band WER " + f.wer);
    }

    record Figures(double wer, double wideWer, double firstAudioP50Ms, double sentenceP50Ms, double realTimeFactor) {
    }

    private Figures measure(SpeechSynthesizer engine, String label, boolean alsoWideBand) throws Exception {
        String voice = null;
        assertTrue(engine.isAvailable(), engine.name() + " is not available");
        String shortSpoken = normalizer.normalize(SHORT_PHRASE).spoken();
        engine.synthesize(shortSpoken, voice); // warm-up: first call pays class loading / page faults
        List<Double> shortMs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            engine.synthesize(shortSpoken, voice);
            shortMs.add((System.nanoTime() - t0) / 1e6);
        }
        List<Double> sentenceMs = new ArrayList<>();
        long audioMs = 0;
        double synthMs = 0;
        int errors = 0;
        int wideErrors = 0;
        int words = 0;
        for (String sentence : SENTENCES) {
            String spoken = normalizer.normalize(sentence).spoken();
            long t0 = System.nanoTime();
            SynthesizedAudio audio = engine.synthesize(spoken, voice);
            double ms = (System.nanoTime() - t0) / 1e6;
            sentenceMs.add(ms);
            synthMs += ms;
            audioMs += audio.durationMs();
            String heard = transcriber.transcribePhone(Transcriber.phoneBand(audio.samples(), audio.sampleRate()));
            List<String> ref = WordErrorRate.words(spoken);
            int e = WordErrorRate.errors(ref, WordErrorRate.words(heard));
            errors += e;
            words += ref.size();
            System.out.printf("[%s] %d errors | said: %s | heard: %s%n", label, e, spoken, heard);
            if (alsoWideBand) {
                String wide = transcriber.transcribe(Transcriber.wideBand(audio.samples(), audio.sampleRate()));
                wideErrors += WordErrorRate.errors(ref, WordErrorRate.words(wide));
            }
        }
        Figures f = new Figures((double) errors / words, alsoWideBand ? (double) wideErrors / words : Double.NaN,
                median(shortMs), median(sentenceMs), synthMs / audioMs);
        System.out.printf("[%s] MEASURED WER phone band (8 kHz mu-law) %.1f%% (%d/%d words), 16 kHz %s; "
                        + "short phrase p50 %.1f ms, sentence p50 %.1f ms, real-time factor %.3f%n", label,
                100 * f.wer, errors, words, alsoWideBand ? String.format("%.1f%%", 100 * f.wideWer) : "not measured",
                f.firstAudioP50Ms, f.sentenceP50Ms, f.realTimeFactor);
        return f;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
