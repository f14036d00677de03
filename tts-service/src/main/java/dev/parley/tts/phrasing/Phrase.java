package dev.parley.tts.phrasing;

/**
 * A phrase of the utterance: original[start, end), offsets into the concatenation of all text pieces. Phrases are
 * contiguous: each starts where the previous ended, so together they cover the text.
 */
public record Phrase(int index, int start, int end) {

    public String text(CharSequence original) {
        return original.subSequence(start, end).toString();
    }
}
