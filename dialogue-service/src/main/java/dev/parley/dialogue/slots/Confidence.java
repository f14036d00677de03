package dev.parley.dialogue.slots;

/** Speech-recognition confidences, where null means not known (typed text, keyed digits). */
public final class Confidence {

    private Confidence() {
    }

    /** The lower of two confidences; an unknown one does not count. */
    public static Float lowest(Float a, Float b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Float.valueOf(Math.min(a, b));
    }
}
