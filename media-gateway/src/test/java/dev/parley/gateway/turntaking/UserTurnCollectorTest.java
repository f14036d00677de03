package dev.parley.gateway.turntaking;

import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user turn keeps every word the recognizer heard, in order and with its own confidence, across the finals that make
 * it up: the dialogue service reads back a value when one of its words was heard poorly, which the mean hides.
 */
class UserTurnCollectorTest {

    final UserTurnCollector turn = new UserTurnCollector();

    /** A final as stt-service sends it: text, the mean of its words' confidences, the words. */
    static Transcript fin(long flushSeq, Object... wordsAndConfidences) {
        Transcript.Builder t = Transcript.newBuilder().setFlushSeq(flushSeq);
        StringBuilder text = new StringBuilder();
        double sum = 0;
        for (int i = 0; i < wordsAndConfidences.length; i += 2) {
            String w = (String) wordsAndConfidences[i];
            float c = (Float) wordsAndConfidences[i + 1];
            text.append(text.isEmpty() ? "" : " ").append(w);
            sum += c;
            t.addWords(Word.newBuilder().setWord(w).setConfidence(c).setStartMs(i * 200L).setEndMs(i * 200L + 180));
        }
        int n = wordsAndConfidences.length / 2;
        return t.setText(text.toString()).setConfidence(n == 0 ? 0f : (float) (sum / n)).build();
    }

    static List<String> texts(List<Word> words) {
        return words.stream().map(Word::getWord).toList();
    }

    static List<Float> confidences(List<Word> words) {
        return words.stream().map(Word::getConfidence).toList();
    }

    @Test
    void wordsOfSeveralFinalsAreKeptInOrderWithTheirOwnConfidence() {
        long seq = turn.flush();
        assertFalse(turn.add(fin(0, "my", 1.0f, "order", 0.98f, "number", 0.97f, "is", 1.0f)));
        assertTrue(turn.add(fin(seq, "one", 0.96f, "two", 0.55f, "three", 0.94f, "four", 0.99f)));

        assertEquals("my order number is one two three four", turn.text());
        assertEquals(List.of("my", "order", "number", "is", "one", "two", "three", "four"), texts(turn.words()));
        assertEquals(List.of(1.0f, 0.98f, 0.97f, 1.0f, 0.96f, 0.55f, 0.94f, 0.99f), confidences(turn.words()));
        // The turn's mean (for events and analytics) still averages the finals' means.
        assertEquals((0.9875f + 0.86f) / 2, turn.confidence(), 1e-4);
    }

    @Test
    void anEmptyFinalAddsNoWordsAndResumingKeepsTheWordsSoFar() {
        long first = turn.flush();
        turn.add(fin(0, "where", 0.9f, "is", 0.9f));
        turn.resume(); // the caller spoke again before the flush was answered
        assertFalse(turn.add(fin(first)));
        long second = turn.flush();
        assertTrue(turn.add(fin(second, "my", 0.8f, "order", 0.7f)));
        assertEquals(List.of("where", "is", "my", "order"), texts(turn.words()));
    }

    @Test
    void aFinalWithTextButNoWordsLeavesTheTurnsWordsUnknown() {
        long seq = turn.flush();
        turn.add(fin(0, "my", 0.9f, "order", 0.9f));
        turn.add(Transcript.newBuilder().setText("one two three four").setConfidence(0.9f).setFlushSeq(seq).build());
        assertEquals("my order one two three four", turn.text());
        assertEquals(List.of(), turn.words(), "half the words would not spell the text");
        assertEquals(0.9f, turn.confidence(), 1e-6);
    }

    @Test
    void resetStartsTheNextTurnWithNoWords() {
        turn.add(Transcript.newBuilder().setText("uh").setConfidence(0.4f).build());
        turn.reset();
        assertTrue(turn.words().isEmpty());
        long seq = turn.flush();
        turn.add(fin(seq, "yes", 0.99f));
        assertEquals(List.of("yes"), texts(turn.words()));
        assertEquals(List.of(0.99f), confidences(turn.words()));
        assertEquals(0.99f, turn.confidence(), 1e-6);
    }
}
