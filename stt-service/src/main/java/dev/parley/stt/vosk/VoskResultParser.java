package dev.parley.stt.vosk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognizedWord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Vosk's JSON results: {@code {"partial": "..."}} while an utterance is open, and
 * {@code {"text": "...", "result": [{"word", "start", "end", "conf"}...]}} for finals (word times in seconds,
 * already relative to the recognizer's first sample across utterances).
 */
final class VoskResultParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VoskResultParser() {
    }

    static Recognition partial(String json, String engine) {
        return Recognition.partial(read(json).path("partial").asText(""), engine);
    }

    static Recognition finalResult(String json, String engine) {
        JsonNode root = read(json);
        List<RecognizedWord> words = new ArrayList<>();
        for (JsonNode w : root.path("result")) {
            words.add(new RecognizedWord(w.path("word").asText(), seconds(w.path("start")), seconds(w.path("end")),
                    (float) w.path("conf").asDouble(0)));
        }
        return Recognition.finalResult(root.path("text").asText(""), words, engine);
    }

    private static long seconds(JsonNode value) {
        return Math.round(value.asDouble(0) * 1000);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("Vosk returned malformed JSON: " + json, e);
        }
    }
}
