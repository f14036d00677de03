package dev.parley.dialogue.brain;

import java.util.List;

/**
 * What the caller did in one turn: said {@code text}, or keyed {@code dtmfDigits} on the phone. {@code confidence}
 * is the speech recognizer's mean (0..1) for spoken text, null when not known; {@code words} are the recognized words
 * with their own confidences, empty when not known (typed text, an older gateway); keyed digits are exact.
 */
public record TurnInput(long turnId, String text, String dtmfDigits, Float confidence, List<HeardWord> words) {

    public TurnInput {
        words = words == null ? List.of() : List.copyOf(words);
    }

    public static TurnInput speech(long turnId, String text) {
        return new TurnInput(turnId, text, null, null, List.of());
    }

    public static TurnInput speech(long turnId, String text, Float confidence) {
        return new TurnInput(turnId, text, null, confidence, List.of());
    }

    public static TurnInput speech(long turnId, String text, Float confidence, List<HeardWord> words) {
        return new TurnInput(turnId, text, null, confidence, words);
    }

    public static TurnInput dtmf(long turnId, String digits) {
        return new TurnInput(turnId, null, digits, null, List.of());
    }

    public boolean isDtmf() {
        return dtmfDigits != null;
    }
}
