package dev.parley.e2e.caller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;
import dev.parley.audio.Resampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Transcribes what the caller heard with Vosk. The English model only accepts 16 kHz (Kaldi refuses 8 kHz input
 * without resampling options), so the phone audio is upsampled with the same sinc resampler the services use.
 */
public final class TurnTranscriber implements AutoCloseable {
    private static final int MODEL_RATE = 16000;
    private static final int FEED_BYTES = 8000;
    /**
     * Line noise around the turn before recognition (8 kHz samples). A turn's audio starts abruptly at its first word;
     * without a lead-in of line-level noise Vosk garbles that word (see {@link LineNoise}).
     */
    private static final int PAD_SAMPLES = 8000 * 3 / 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Model model;

    public TurnTranscriber(Path modelsDir) {
        Path modelDir = modelsDir.resolve("vosk-model-en-us");
        if (!Files.isDirectory(modelDir)) {
            throw new IllegalStateException("Vosk model not found at " + modelDir
                    + " (build the models module: it fetches the model by package name)");
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        try {
            this.model = new Model(modelDir.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot load the Vosk model at " + modelDir, e);
        }
    }

    /** System property {@code parley.models.dir}, else env PARLEY_MODELS_DIR, else the repository's build output. */
    public static Path defaultModelsDir() {
        String dir = System.getProperty("parley.models.dir");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("PARLEY_MODELS_DIR");
        }
        if (dir == null || dir.isBlank()) {
            dir = "/work/main/models/target/models";
        }
        return Path.of(dir);
    }

    /** Lowercase words recognized in 8 kHz μ-law audio; empty when nothing was said. */
    public String transcribe(byte[] ulaw) {
        if (ulaw.length == 0) {
            return "";
        }
        // Seeded per call: the same audio always yields the same transcript.
        byte[] padded = new LineNoise(ulaw.length).ulaw(PAD_SAMPLES + ulaw.length + PAD_SAMPLES);
        System.arraycopy(ulaw, 0, padded, PAD_SAMPLES, ulaw.length);
        byte[] bytes = Pcm16.toBytes(Resampler.convert(MuLaw.decode(padded), 8000, MODEL_RATE));
        StringBuilder text = new StringBuilder();
        try (Recognizer recognizer = new Recognizer(model, MODEL_RATE)) {
            for (int off = 0; off < bytes.length; off += FEED_BYTES) {
                int len = Math.min(FEED_BYTES, bytes.length - off);
                byte[] part = new byte[len];
                System.arraycopy(bytes, off, part, 0, len);
                if (recognizer.acceptWaveForm(part, len)) {
                    append(text, recognizer.getResult());
                }
            }
            append(text, recognizer.getFinalResult());
        } catch (IOException e) {
            throw new IllegalStateException("Vosk recognizer failed", e);
        }
        return text.toString();
    }

    /** A recognized word and where it was said, in ms from the start of the audio given. */
    public record Word(String word, long startMs, long endMs) {
    }

    /** The words recognized in 8 kHz μ-law audio with their times (Vosk's word alignment), in order. */
    public List<Word> words(byte[] ulaw) {
        List<Word> words = new ArrayList<>();
        if (ulaw.length == 0) {
            return words;
        }
        byte[] padded = new LineNoise(ulaw.length).ulaw(PAD_SAMPLES + ulaw.length + PAD_SAMPLES);
        System.arraycopy(ulaw, 0, padded, PAD_SAMPLES, ulaw.length);
        byte[] bytes = Pcm16.toBytes(Resampler.convert(MuLaw.decode(padded), 8000, MODEL_RATE));
        long padMs = PAD_SAMPLES * 1000L / 8000;
        try (Recognizer recognizer = new Recognizer(model, MODEL_RATE)) {
            recognizer.setWords(true);
            for (int off = 0; off < bytes.length; off += FEED_BYTES) {
                int len = Math.min(FEED_BYTES, bytes.length - off);
                byte[] part = new byte[len];
                System.arraycopy(bytes, off, part, 0, len);
                if (recognizer.acceptWaveForm(part, len)) {
                    addWords(words, recognizer.getResult(), padMs);
                }
            }
            addWords(words, recognizer.getFinalResult(), padMs);
        } catch (IOException e) {
            throw new IllegalStateException("Vosk recognizer failed", e);
        }
        return words;
    }

    private static void addWords(List<Word> words, String resultJson, long padMs) throws IOException {
        for (JsonNode word : JSON.readTree(resultJson).path("result")) {
            words.add(new Word(word.path("word").asText(), Math.round(word.path("start").asDouble() * 1000) - padMs,
                    Math.round(word.path("end").asDouble() * 1000) - padMs));
        }
    }

    private static void append(StringBuilder text, String resultJson) {
        try {
            String words = JSON.readTree(resultJson).path("text").asText("").trim();
            if (!words.isEmpty()) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(words);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Vosk returned a result that is not JSON: " + resultJson, e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
