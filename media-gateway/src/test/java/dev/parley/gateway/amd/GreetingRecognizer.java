package dev.parley.gateway.amd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.audio.Resampler;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The recognizer a live screen's words come from, in process: the Vosk model stt-service runs, fed the callee's
 * 8 kHz audio resampled to the model's 16 kHz as stt-service does, answering as stt-service's streams do (a partial
 * whenever its text changes, a final when Vosk ends an utterance). The model is the one {@code ./mvnw -o -q -pl models
 * package} builds, or the directory in system property {@code parley.models.dir}.
 */
final class GreetingRecognizer {
    private static final int MODEL_RATE = 16_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Model model;

    /** A transcript as the screen would receive it. */
    record Heard(String text, boolean isFinal) {
    }

    private final Recognizer recognizer;
    private final Resampler resampler = new Resampler(8_000, MODEL_RATE);
    private String lastPartial = "";

    GreetingRecognizer() {
        try {
            recognizer = new Recognizer(model(), MODEL_RATE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Feeds 8 kHz audio; what stt-service would send for it, if anything. */
    Optional<Heard> accept(short[] pcm8k) {
        short[] pcm = resampler.process(pcm8k);
        if (recognizer.acceptWaveForm(pcm, pcm.length)) {
            lastPartial = "";
            return Optional.of(new Heard(text(recognizer.getResult(), "text"), true));
        }
        String partial = text(recognizer.getPartialResult(), "partial");
        if (partial.isEmpty() || partial.equals(lastPartial)) {
            return Optional.empty();
        }
        lastPartial = partial;
        return Optional.of(new Heard(partial, false));
    }

    void close() {
        recognizer.close();
    }

    static synchronized Model model() throws IOException {
        if (model == null) {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
            Path dir = Path.of(System.getProperty("parley.models.dir", "../models/target/models"))
                    .resolve("vosk-model-en-us");
            if (!Files.isDirectory(dir)) {
                throw new IOException("no Vosk model at " + dir.toAbsolutePath()
                        + ": build it with ./mvnw -o -q -pl models package");
            }
            model = new Model(dir.toString());
        }
        return model;
    }

    private static String text(String json, String field) {
        try {
            JsonNode root = JSON.readTree(json);
            return root.path(field).asText("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
