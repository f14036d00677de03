package dev.parley.tts.audio;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import dev.parley.tts.engine.SpeechSynthesizer;
import dev.parley.tts.engine.SynthesizedAudio;
import dev.parley.tts.engine.festival.FestivalSynthesizer;
import dev.parley.tts.engine.flite.FliteSynthesizer;
import dev.parley.tts.intelligibility.Transcriber;
import dev.parley.tts.normalize.TextNormalizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real engine audio, trimmed as the session trims a reply's first phrase, heard as a phone hears it (8 kHz μ-law):
 * the dead air before the first word is gone, and Vosk hears exactly the same words as in the untrimmed audio,
 * also for openings with soft consonants ("hi", "thanks", "five", "sure", "how", "fine").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrimmedSpeechTest {
    static final List<String> OPENINGS = List.of(
            "Hi, this is the front desk.",
            "Thanks for calling.",
            "Five dollars is the fee.",
            "Sure, let me check.",
            "How can I help you today?",
            "Fine, I will book it.",
            "Yes, of course.",
            "Please hold on.",
            "We are open today.",
            "Sorry, I missed that.");
    /** The phone-side measurement: 10 ms frames, audible above -55 dBFS. */
    static final int FRAME_MS = 10;
    static final double AUDIBLE_DBFS = -55;
    static final double FLOOR_DBFS = -60;

    private final TextNormalizer normalizer = new TextNormalizer();
    private Transcriber transcriber;
    private FestivalSynthesizer festival;
    private FliteSynthesizer flite;

    @BeforeAll
    void start() throws Exception {
        transcriber = new Transcriber();
        festival = new FestivalSynthesizer("festival", "cmu_us_slt_arctic_hts", 1, Duration.ofSeconds(10));
        flite = new FliteSynthesizer("", "kal16");
    }

    @AfterAll
    void stop() {
        festival.close();
        transcriber.close();
    }

    @Test
    void festivalRepliesOpenOnSpeechWithEveryWordIntact() throws Exception {
        check(festival);
    }

    @Test
    void fliteRepliesOpenOnSpeechWithEveryWordIntact() throws Exception {
        check(flite);
    }

    private void check(SpeechSynthesizer engine) throws Exception {
        assertTrue(engine.isAvailable(), engine.name() + " is not available");
        List<Integer> before = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        for (String sentence : OPENINGS) {
            SynthesizedAudio audio = engine.synthesize(normalizer.normalize(sentence).spoken(), null);
            short[] phone = Resampler.convert(audio.samples(), audio.sampleRate(), 8000);
            short[] trimmed = LeadingSilence.trim(phone, 8000, true);
            int leadBefore = firstFrameAbove(phone, 8000, AUDIBLE_DBFS);
            int leadAfter = firstFrameAbove(trimmed, 8000, AUDIBLE_DBFS);
            before.add(leadBefore);
            after.add(leadAfter);
            // Vosk's guess shifts with its 10 ms frame grid, so the trimmed phrase is heard in place: digital
            // silence instead of the cut lead-in. Only what lay before the cut differs: a lost sound is a changed word.
            short[] inPlace = new short[phone.length];
            System.arraycopy(trimmed, 0, inPlace, phone.length - trimmed.length, trimmed.length);
            String untrimmedHeard = transcriber.transcribePhone(Transcriber.phoneBand(phone, 8000));
            String trimmedHeard = transcriber.transcribePhone(Transcriber.phoneBand(inPlace, 8000));
            System.out.printf("[%s] lead %d -> %d ms | heard untrimmed: %s | trimmed: %s%n", engine.name(),
                    leadBefore, leadAfter, untrimmedHeard, trimmedHeard);
            assertEquals(untrimmedHeard, trimmedHeard, engine.name() + ": trimming changed what is heard of \""
                    + sentence + "\"");
            // No line silence is left: only the pre-roll comes before the first sound above the lead-in floor...
            assertTrue(firstFrameAbove(trimmed, 8000, FLOOR_DBFS) <= 20, "\"" + sentence + "\" still opens with "
                    + firstFrameAbove(trimmed, 8000, FLOOR_DBFS) + " ms of silence");
            // ...and a faint opening consonant ("f" lies mostly above the 4 kHz phone band) is kept whole.
            assertTrue(leadAfter <= 80, "\"" + sentence + "\": first audible frame at " + leadAfter + " ms");
            short[] wide = Resampler.convert(audio.samples(), audio.sampleRate(), 16000);
            int wideLead = firstFrameAbove(LeadingSilence.trim(wide, 16000, true), 16000, FLOOR_DBFS);
            assertTrue(wideLead <= 20, "16 kHz: \"" + sentence + "\" opens with " + wideLead + " ms of silence");
        }
        Collections.sort(before);
        Collections.sort(after);
        System.out.printf("[%s] MEASURED first-phrase lead before the first audible (-55 dBFS) 10 ms frame, 8 kHz "
                        + "mu-law, %d openings: untrimmed p50 %d ms (max %d), trimmed p50 %d ms (max %d)%n",
                engine.name(), OPENINGS.size(), before.get(before.size() / 2), before.get(before.size() - 1),
                after.get(after.size() / 2), after.get(after.size() - 1));
        assertTrue(after.get(after.size() / 2) <= 30, "median trimmed lead " + after.get(after.size() / 2) + " ms");
    }

    /** Start in ms of the first {@link #FRAME_MS} frame above {@code dbfs}; 8 kHz is heard through μ-law. */
    static int firstFrameAbove(short[] pcm, int rate, double dbfs) {
        short[] line = rate == 8000 ? MuLaw.decode(MuLaw.encode(pcm)) : pcm;
        int frame = rate * FRAME_MS / 1000;
        for (int off = 0; off + frame <= line.length; off += frame) {
            if (Pcm16.rmsDbfs(line, off, frame) > dbfs) {
                return off / frame * FRAME_MS;
            }
        }
        return Integer.MAX_VALUE;
    }
}
