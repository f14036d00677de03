package dev.parley.gateway.vad;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import dev.parley.gateway.inbound.InboundAudio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Silero VAD on real speech ("go forward ten meters", pocketsphinx-testdata) as a phone would carry it. */
class SileroVadTest {
    private static final Path GO_FORWARD = Path.of("/usr/share/pocketsphinx/test/data/goforward.raw");
    private static SileroVad model;

    @BeforeAll
    static void load() throws Exception {
        model = new SileroVad(Path.of(System.getProperty("parley.models.dir")));
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    @Test
    void speechInPhoneAudioStartsAndEndsOneTurn() throws Exception {
        short[] speech = Pcm16.fromBytes(Files.readAllBytes(GO_FORWARD));
        // One second of silence, the utterance, one second of silence; through G.711 at 8 kHz like a real call.
        short[] call16k = new short[16_000 + speech.length + 16_000];
        System.arraycopy(speech, 0, call16k, 16_000, speech.length);
        byte[] ulaw = MuLaw.encode(Resampler.convert(call16k, 16_000, 8_000));

        VadStream vad = model.newStream();
        SpeechDetector detector = new SpeechDetector(new SpeechDetector.Settings(0.5f, 0.35f, 96, 400), 32);
        InboundAudio inbound = new InboundAudio();
        List<String> changes = new ArrayList<>();
        List<Float> probabilities = new ArrayList<>();
        for (int off = 0; off < ulaw.length; off += 160) {
            byte[] chunk = java.util.Arrays.copyOfRange(ulaw, off, Math.min(ulaw.length, off + 160));
            inbound.pushMuLaw(chunk, frame -> {
                float p = vad.probability(frame);
                probabilities.add(p);
                SpeechDetector.Change c = detector.update(p);
                if (c != SpeechDetector.Change.NONE) {
                    changes.add(c + "@" + inbound.streamMs());
                }
            });
        }
        assertEquals(2, changes.size(), "one start and one end: " + changes);
        long start = Long.parseLong(changes.get(0).split("@")[1]);
        long end = Long.parseLong(changes.get(1).split("@")[1]);
        // The words span 0.45-2.35 s of the recording, i.e. 1.45-3.35 s of this call.
        assertTrue(start >= 1450 && start < 1800, "starts within ~1/3 s of the first word: " + changes);
        assertTrue(end > 3100 && end < 3350 + 400 + 200, "ends after the last word plus endpointing: " + changes);
        float leadingMax = 0;
        for (int i = 0; i < 25; i++) {
            leadingMax = Math.max(leadingMax, probabilities.get(i));
        }
        assertTrue(leadingMax < 0.2f, "silence is not speech: " + leadingMax);
    }

    @Test
    void quietSilenceIsNotRunThroughTheModelAndSpeechIsJudgedAsIfItHadBeen() throws Exception {
        short[] speech = Pcm16.fromBytes(Files.readAllBytes(GO_FORWARD));
        // Two seconds of line hiss (~-70 dBFS) either side of the utterance, as a real line carries between turns.
        java.util.Random hiss = new java.util.Random(7);
        short[] call16k = new short[32_000 + speech.length + 32_000];
        for (int i = 0; i < call16k.length; i++) {
            call16k[i] = (short) Math.round(hiss.nextGaussian() * 10);
        }
        for (int i = 0; i < speech.length; i++) {
            call16k[32_000 + i] += speech[i];
        }
        byte[] ulaw = MuLaw.encode(Resampler.convert(call16k, 16_000, 8_000));
        SileroVad everyFrame = new SileroVad(Path.of(System.getProperty("parley.models.dir")), -200);
        try {
            List<Float> skipping = probabilities(model.newStream(), ulaw);
            VadStream all = everyFrame.newStream();
            List<Float> reference = probabilities(all, ulaw);
            assertEquals(reference.size(), all.modelRuns(), "a floor of -200 dBFS runs every frame");

            VadStream counted = model.newStream();
            probabilities(counted, ulaw);
            assertTrue(counted.modelRuns() < reference.size() * 0.6,
                    "the hiss before and after is not run: " + counted.modelRuns() + " of " + reference.size());
            // A quiet pause inside the utterance may be skipped, nudging the next few probabilities (seen: by up to
            // 0.18 on the speech's last frames); when speech starts and ends must not change.
            assertEquals(changes(reference), changes(skipping));
            assertEquals(2, changes(skipping).size(), "one start and one end: " + changes(skipping));
        } finally {
            everyFrame.close();
        }
    }

    private static List<String> changes(List<Float> probabilities) {
        SpeechDetector detector = new SpeechDetector(new SpeechDetector.Settings(0.5f, 0.35f, 96, 400), 32);
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < probabilities.size(); i++) {
            SpeechDetector.Change c = detector.update(probabilities.get(i));
            if (c != SpeechDetector.Change.NONE) {
                changes.add(c + "@" + i);
            }
        }
        return changes;
    }

    private static List<Float> probabilities(VadStream vad, byte[] ulaw) {
        InboundAudio inbound = new InboundAudio();
        List<Float> out = new ArrayList<>();
        for (int off = 0; off < ulaw.length; off += 160) {
            inbound.pushMuLaw(java.util.Arrays.copyOfRange(ulaw, off, Math.min(ulaw.length, off + 160)),
                    frame -> out.add(vad.probability(frame)));
        }
        return out;
    }

    @Test
    void rejectsFramesOfTheWrongSize() {
        VadStream vad = model.newStream();
        try {
            vad.probability(new short[480]);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("512"));
            return;
        }
        throw new AssertionError("a 480-sample frame must be rejected");
    }
}
