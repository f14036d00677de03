package dev.parley.dialogue.slots;

import dev.parley.dialogue.brain.HeardWord;
import dev.parley.dialogue.support.Heard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A value's confidence is that of the words that said it, not the turn's mean. */
class UtteranceTest {

    static Utterance heard(String annotated, float others) {
        List<HeardWord> words = Heard.words(annotated, others);
        return Utterance.of(String.join(" ", words.stream().map(HeardWord::text).toList()), words, Heard.mean(words));
    }

    @Test
    void aNumbersConfidenceIsItsWeakestDigitWord() {
        Utterance said = heard("my order number is one two@0.55 three four", 0.99f);
        assertEquals(0.935f, Heard.mean(Heard.words("my order number is one two@0.55 three four", 0.99f)), 1e-3);
        assertEquals(0.55f, said.confidenceOf("1234"));
        assertEquals(0.55f, said.confidenceOf("12-34"), "the value's digits, however written");
    }

    @Test
    void aHomophoneTheNumberReadsAsADigitIsOneOfItsWords() {
        assertEquals(0.6f, heard("where is my order one too@0.6 three four", 0.97f).confidenceOf("1234"));
        assertEquals(0.5f, heard("one two three for@0.5", 0.97f).confidenceOf("1234"));
    }

    @Test
    void wordsAroundOrInsideTheNumberThatSayNoDigitDoNotCount() {
        Utterance said = heard("um@0.2 my@0.5 order is one two uh@0.3 three four", 0.9f);
        assertEquals(0.9f, said.confidenceOf("1234"));
        assertTrue(Heard.mean(Heard.words("um@0.2 my@0.5 order is one two uh@0.3 three four", 0.9f)) < 0.8f);
    }

    @Test
    void theLastMentionOfANumberIsTheOneThatCounts() {
        Utterance said = heard("order one@0.4 two three four no sorry five six seven eight", 0.95f);
        assertEquals(0.95f, said.confidenceOf("5678"));
        assertEquals(0.4f, said.confidenceOf("1234"));
    }

    @Test
    void aValueSpreadOverSeveralNumbersTakesTheWordsOfEach() {
        Utterance said = heard("it's forty five@0.62 dollars@0.3 fifty", 0.96f);
        assertEquals(0.62f, said.confidenceOf("$45.50"));
        assertEquals(0.62f, said.confidenceOf("45"));
        assertEquals(0.96f, said.confidenceOf("50"));
    }

    @Test
    void aNamesConfidenceIsItsWeakestWord() {
        Utterance said = heard("um@0.3 my name is maria lopez@0.58 thanks@0.4", 0.96f);
        assertEquals(0.58f, said.confidenceOf("Maria Lopez"));
        assertEquals(0.96f, said.confidenceOf("maria"));
        assertTrue(said.holds("Maria Lopez"));
        assertFalse(said.holds("Mario Lopez"));
    }

    @Test
    void aWordTheRecognizerWroteWithAHyphenIsTwoNumberWordsWithItsConfidence() {
        Utterance said = Utterance.of("twelve thirty-four", List.of(new HeardWord("twelve", 0.97f),
                new HeardWord("thirty-four", 0.5f)), 0.735f);
        assertEquals(0.5f, said.confidenceOf("1234"));
    }

    @Test
    void aValueNotFoundAmongTheWordsGetsTheTurnsMean() {
        Utterance said = heard("book me in with doctor@0.5 patel", 0.9f);
        assertEquals(Heard.mean(Heard.words("book me in with doctor@0.5 patel", 0.9f)), said.confidenceOf("Dr. Patil"));
        assertEquals(Heard.mean(Heard.words("book me in with doctor@0.5 patel", 0.9f)), said.confidenceOf("4321"));
    }

    @Test
    void withoutWordsEveryValueGetsTheTurnsMeanOrNone() {
        assertEquals(0.55f, Utterance.of("order one two three four", List.of(), 0.55f).confidenceOf("1234"));
        assertNull(Utterance.of("order one two three four").confidenceOf("1234"), "typed text: not known");
    }

    @Test
    void wordsThatDoNotSpellTheTextAreIgnored() {
        // The words of some other transcript: they would attribute confidences to the wrong words.
        Utterance said = Utterance.of("order one two three four", List.of(new HeardWord("order", 0.99f),
                new HeardWord("one", 0.2f), new HeardWord("two", 0.99f)), 0.85f);
        assertEquals(0.85f, said.confidenceOf("1234"));
    }

    @Test
    void punctuationAndCaseInTheTextDoNotStopTheWordsFromSpellingIt() {
        Utterance said = Utterance.of("My patient number is 482, 913.", List.of(new HeardWord("my", 0.9f),
                new HeardWord("patient", 0.9f), new HeardWord("number", 0.9f), new HeardWord("is", 0.9f),
                new HeardWord("482", 0.95f), new HeardWord("913", 0.6f)), 0.86f);
        assertEquals(0.6f, said.confidenceOf("482913"));
    }

    @Test
    void aWordWithNoConfidenceCountsWithTheTurnsMean() {
        Utterance said = Utterance.of("one two three four", List.of(new HeardWord("one", 0.95f),
                new HeardWord("two", 0f), new HeardWord("three", 0.95f), new HeardWord("four", 0.95f)), 0.7f);
        assertEquals(0.7f, said.confidenceOf("1234"));
        Utterance unrated = Utterance.of("one two three four", List.of(new HeardWord("one", 0.95f),
                new HeardWord("two", 0f), new HeardWord("three", 0.9f), new HeardWord("four", 0.95f)), null);
        assertEquals(0.9f, unrated.confidenceOf("1234"), "an unknown word does not count");
    }
}
