package dev.parley.dialogue.brain;

/**
 * What the caller did in one turn: said {@code text}, or keyed {@code dtmfDigits} on the phone. {@code confidence}
 * is the speech recognizer's (0..1) for spoken text, null when not known; keyed digits are exact.
 */
public record TurnInput(long turnId, String text, String dtmfDigits, Float confidence) {

    public static TurnInput speech(long turnId, String text) {
        return new TurnInput(turnId, text, null, null);
    }

    public static TurnInput speech(long turnId, String text, Float confidence) {
        return new TurnInput(turnId, text, null, confidence);
    }

    public static TurnInput dtmf(long turnId, String digits) {
        return new TurnInput(turnId, null, digits, null);
    }

    public boolean isDtmf() {
        return dtmfDigits != null;
    }
}
