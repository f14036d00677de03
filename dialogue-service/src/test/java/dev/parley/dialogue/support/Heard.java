package dev.parley.dialogue.support;

import dev.parley.dialogue.brain.HeardWord;
import dev.parley.dialogue.brain.TurnInput;

import java.util.ArrayList;
import java.util.List;

/**
 * A spoken turn as the gateway sends it: the recognizer's words with their own confidences, and their mean. Written as
 * {@code "my order number is one two@0.55 three four"}: a word without {@code @} was heard with {@code others}.
 */
public final class Heard {

    private Heard() {
    }

    public static TurnInput speech(long turnId, String annotated, float others) {
        List<HeardWord> words = words(annotated, others);
        String text = String.join(" ", words.stream().map(HeardWord::text).toList());
        return TurnInput.speech(turnId, text, mean(words), words);
    }

    public static List<HeardWord> words(String annotated, float others) {
        List<HeardWord> words = new ArrayList<>();
        for (String w : annotated.trim().split("\\s+")) {
            int at = w.indexOf('@');
            words.add(at < 0 ? new HeardWord(w, others)
                    : new HeardWord(w.substring(0, at), Float.parseFloat(w.substring(at + 1))));
        }
        return words;
    }

    /** The turn's confidence as stt-service computes it: the mean of its words'. */
    public static float mean(List<HeardWord> words) {
        double sum = 0;
        for (HeardWord w : words) {
            sum += w.confidence();
        }
        return (float) (sum / words.size());
    }
}
