package dev.parley.stt.recognizer;

import java.util.List;

/**
 * An engine's hypothesis for the audio since the last final: a partial one while audio keeps arriving, or a final
 * one when the engine (or a flush) closes the utterance. Partials may carry no words.
 */
public record Recognition(boolean isFinal, String text, List<RecognizedWord> words, String engine) {

    public Recognition {
        text = text == null ? "" : text;
        words = words == null ? List.of() : List.copyOf(words);
    }

    public static Recognition partial(String text, String engine) {
        return new Recognition(false, text, List.of(), engine);
    }

    public static Recognition finalResult(String text, List<RecognizedWord> words, String engine) {
        return new Recognition(true, text, words, engine);
    }

    /** Mean word confidence in [0,1]; 0 when there are no words. */
    public float confidence() {
        if (words.isEmpty()) {
            return 0f;
        }
        double sum = 0;
        for (RecognizedWord w : words) {
            sum += w.confidence();
        }
        return (float) (sum / words.size());
    }

    public Recognition shiftedBy(long offsetMs) {
        if (offsetMs == 0 || words.isEmpty()) {
            return this;
        }
        return new Recognition(isFinal, text, words.stream().map(w -> w.shiftedBy(offsetMs)).toList(), engine);
    }

    public Recognition withEngine(String name) {
        return new Recognition(isFinal, text, words, name);
    }
}
