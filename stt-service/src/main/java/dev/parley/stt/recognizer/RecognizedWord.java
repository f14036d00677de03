package dev.parley.stt.recognizer;

/** One recognized word; times are relative to the start of the recognition stream. */
public record RecognizedWord(String word, long startMs, long endMs, float confidence) {

    public RecognizedWord shiftedBy(long offsetMs) {
        return offsetMs == 0 ? this : new RecognizedWord(word, startMs + offsetMs, endMs + offsetMs, confidence);
    }
}
