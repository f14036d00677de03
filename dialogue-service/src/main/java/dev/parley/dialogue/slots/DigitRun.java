package dev.parley.dialogue.slots;

/**
 * A number the caller said, as its digits, and whether it ended the utterance (a caller trailing off mid-number,
 * "my order number is one two", usually goes on in the next turn).
 */
public record DigitRun(String digits, boolean trailing) {
}
