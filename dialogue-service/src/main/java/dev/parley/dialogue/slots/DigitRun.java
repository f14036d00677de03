package dev.parley.dialogue.slots;

/**
 * A number the caller said, as its digits, and whether it ended the utterance (a caller trailing off mid-number,
 * "my order number is one two", usually goes on in the next turn). {@code confidence} is the lowest recognizer
 * confidence among the words that said it, null when not known.
 */
public record DigitRun(String digits, boolean trailing, Float confidence) {

    public DigitRun(String digits, boolean trailing) {
        this(digits, trailing, null);
    }
}
