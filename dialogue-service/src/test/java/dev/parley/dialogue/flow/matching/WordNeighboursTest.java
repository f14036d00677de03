package dev.parley.dialogue.flow.matching;

import dev.parley.dialogue.support.SharedEmbedder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Caller words that mean a tenant's words find its texts through BM25, with the real bge-small embeddings. */
class WordNeighboursTest {

    static final List<String> DOCUMENTS = List.of(
            "How much does shipping cost? Shipping is free on orders over 50 dollars, delivery takes 3 to 5 days.",
            "When are you open? We're open Monday to Friday and closed on weekends.",
            "Which payment methods do you accept? We accept all major credit and debit cards, and PayPal.");

    static final LexicalIndex PLAIN = new LexicalIndex(DOCUMENTS);
    static final LexicalIndex EXPANDED = new LexicalIndex(DOCUMENTS, new boolean[] {true, true, true},
            vocabulary -> new WordNeighbours(vocabulary, SharedEmbedder.get(), HybridMatcher.STAND_IN_COSINE,
                    HybridMatcher.STAND_INS_PER_WORD), HybridMatcher.STAND_IN_WEIGHT);

    @Test
    void aWordTheTextsDoNotUseFindsTheTextThatUsesOneMeaningTheSame() {
        assertBest(0, "what's the postage");
        assertBest(1, "is anybody there on a sunday");
        assertBest(2, "is mastercard fine");
        assertEquals(0, PLAIN.scores("what's the postage")[0], "without stand-ins no word matches");
    }

    @Test
    void aWordUnlikeAnyOfTheTextsFindsNothing() {
        double[] scores = EXPANDED.scores("tell me a joke about a pizza");
        for (double score : scores) {
            assertEquals(0, score, "a joke about a pizza: " + Arrays.toString(scores));
        }
    }

    @Test
    void standInsReachOnlyTheDocumentsThatTakeThem() {
        LexicalIndex answersOnly = new LexicalIndex(List.of("goodbye, have a nice day",
                "We're open Monday to Friday and closed on weekends."), new boolean[] {false, true},
                vocabulary -> new WordNeighbours(vocabulary, SharedEmbedder.get(), HybridMatcher.STAND_IN_COSINE,
                        HybridMatcher.STAND_INS_PER_WORD), HybridMatcher.STAND_IN_WEIGHT);
        double[] scores = answersOnly.scores("what time do you shut today");
        assertEquals(0, scores[0], "'today' must not reach the goodbye through 'day'");
        assertTrue(answersOnly.scores("are you there on sunday")[1] > 0);
    }

    @Test
    void aWordTheTextsUseIsSearchedAsItIs() {
        assertEquals(Arrays.toString(PLAIN.scores("how much is shipping on weekends")),
                Arrays.toString(EXPANDED.scores("how much is shipping on weekends")));
    }

    private static void assertBest(int document, String text) {
        double[] scores = EXPANDED.scores(text);
        for (int i = 0; i < scores.length; i++) {
            if (i != document) {
                assertTrue(scores[document] > scores[i], text + ": " + Arrays.toString(scores));
            }
        }
    }

    @Test
    void aTurnEmbedsOnlyAFewWordsItHasNotSeenBefore() {
        WordNeighbours neighbours = new WordNeighbours(Map.of("shipping", "ship"), SharedEmbedder.get(), 0.76, 2);
        Map<String, String> spoken = new LinkedHashMap<>();
        for (String w : List.of("alpha", "bravo", "charlie", "delta", "echo", "postage")) {
            spoken.put(w, w);
        }
        assertTrue(neighbours.standIns(spoken, Set.of()).isEmpty(),
                "the sixth new word of a turn is not embedded");
        assertEquals(Map.of("ship", 0.0).keySet(),
                neighbours.standIns(Map.of("postage", "postag"), Set.of()).keySet());
    }
}
