package dev.parley.gateway.turntaking;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.parley.gateway.turntaking.ExpectedDigits.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnCompletenessTest {

    @Test
    void danglingDigitsAndConnectivesSoundUnfinished() {
        assertTrue(TurnCompleteness.looksUnfinished("my number is five five five", UNKNOWN));
        assertTrue(TurnCompleteness.looksUnfinished("my email is", UNKNOWN));
        assertTrue(TurnCompleteness.looksUnfinished("i need to change my order and", UNKNOWN));
        assertTrue(TurnCompleteness.looksUnfinished("it's one two three four", UNKNOWN));
        assertTrue(TurnCompleteness.looksUnfinished("order 12", UNKNOWN));
        // Vosk's spelling of "one two" heard without the rest of the number
        assertTrue(TurnCompleteness.looksUnfinished("my order number is one too", UNKNOWN));
        assertTrue(TurnCompleteness.looksUnfinished("four won", UNKNOWN));
    }

    @Test
    void completeQuestionsAndSentencesDoNot() {
        assertFalse(TurnCompleteness.looksUnfinished("what are your opening hours", UNKNOWN));
        assertFalse(TurnCompleteness.looksUnfinished("goodbye", UNKNOWN));
        assertFalse(TurnCompleteness.looksUnfinished("me too", UNKNOWN));
        assertFalse(TurnCompleteness.looksUnfinished("we won", UNKNOWN));
        assertFalse(TurnCompleteness.looksUnfinished("i want to talk to a person", UNKNOWN));
        assertFalse(TurnCompleteness.looksUnfinished("", UNKNOWN));
        assertFalse(TurnCompleteness.looksUnfinished("one two three four five six seven eight nine zero", UNKNOWN),
                "ten digits: a full phone number");
    }

    @Test
    void wholeQuestionsAndClosingsAreCompleteButOrderTalkIsNot() {
        assertTrue(TurnCompleteness.looksComplete("what are your opening hours", UNKNOWN));
        assertTrue(TurnCompleteness.looksComplete("goodbye", UNKNOWN));
        assertTrue(TurnCompleteness.looksComplete("ok thanks", UNKNOWN));
        assertFalse(TurnCompleteness.looksComplete("where is my order", UNKNOWN), "an order number may follow");
        assertFalse(TurnCompleteness.looksComplete("what is", UNKNOWN));
        assertFalse(TurnCompleteness.looksComplete("i want to talk", UNKNOWN));
    }

    @Test
    void yesNoAnswersAndWholeRequestsAreCompleteButNotWhenTheyTrailOff() {
        assertTrue(TurnCompleteness.looksComplete("yes", UNKNOWN));
        assertTrue(TurnCompleteness.looksComplete("no", UNKNOWN));
        assertTrue(TurnCompleteness.looksComplete("yes that's right", UNKNOWN));
        assertTrue(TurnCompleteness.looksComplete("i'd like to book a check up", UNKNOWN));
        assertTrue(TurnCompleteness.looksComplete("i want to speak to a person", UNKNOWN));
        assertFalse(TurnCompleteness.looksComplete("no it's", UNKNOWN), "a correction is coming");
        assertFalse(TurnCompleteness.looksComplete("yes my number is", UNKNOWN));
        assertFalse(TurnCompleteness.looksComplete("i want to check my order", UNKNOWN), "the number may follow");
        assertFalse(TurnCompleteness.looksComplete("i think the store was nice", UNKNOWN), "a statement may go on");
    }

    @Test
    void theBrainsExpectedDigitCountsSayWhenANumberIsWhole() {
        ExpectedDigits order = new ExpectedDigits(Set.of(4));
        assertTrue(TurnCompleteness.looksComplete("where is my order one two three four", order));
        assertFalse(TurnCompleteness.looksUnfinished("it's one two three four", order));
        assertTrue(TurnCompleteness.looksUnfinished("it's one two", order));
        assertTrue(TurnCompleteness.looksComplete("double five one two", order), "double five is two digits");
        assertTrue(TurnCompleteness.looksComplete("order 1234", order));
        assertFalse(TurnCompleteness.looksUnfinished("one two three four five", order), "too long: the brain says so");
        assertTrue(TurnCompleteness.looksUnfinished("my order number is", order), "still dangling");
        assertFalse(TurnCompleteness.looksComplete("what are your opening hours and", order));
    }

    @Test
    void aNumberTheRecognizerMadeWordsOfIsStillBeingReadWhenTheBrainAskedForOne() {
        // As Vosk heard espeak and flite callers reading the first group of an order number.
        ExpectedDigits order = new ExpectedDigits(Set.of(4));
        assertTrue(TurnCompleteness.looksUnfinished("my order number in freefall", order));
        assertTrue(TurnCompleteness.looksUnfinished("my order number is eight free", order), "free is three");
        assertTrue(TurnCompleteness.looksUnfinished("my patient number in five six i did", order));
        assertFalse(TurnCompleteness.looksUnfinished("my order number please", order), "no number read yet");
        assertFalse(TurnCompleteness.looksUnfinished("my order number in freefall", UNKNOWN), "nothing asked for");
        assertFalse(TurnCompleteness.looksUnfinished("my order number is wrong on the email you sent me", order),
                "too many words after it to be a number");
    }

    @Test
    void digitsAreCountedBackFromTheEnd() {
        assertEquals(4, TurnCompleteness.trailingDigits("my order is one too three four".split(" ")));
        assertEquals(3, TurnCompleteness.trailingDigits("triple seven".split(" ")));
        assertEquals(0, TurnCompleteness.trailingDigits("me too".split(" ")));
        assertEquals(0, TurnCompleteness.trailingDigits("what are your hours".split(" ")));
    }

    @Test
    void aQuestionMayEndOnAPrepositionOrAThingAskedAbout() {
        assertFalse(TurnCompleteness.looksUnfinished("what's your address", UNKNOWN));
        assertFalse(TurnCompleteness.looksUnfinished("is there somebody from customer service i could talk to",
                UNKNOWN));
        assertTrue(TurnCompleteness.looksUnfinished("can i change my order", UNKNOWN), "its number may follow");
        assertTrue(TurnCompleteness.looksUnfinished("can i speak to", UNKNOWN), "someone may follow");
        assertFalse(TurnCompleteness.looksUnfinished("what are you able to help me with", UNKNOWN));
        assertFalse(TurnCompleteness.looksUnfinished("do you take master card", UNKNOWN));
        assertTrue(TurnCompleteness.looksComplete("what's your address", UNKNOWN));
        assertTrue(TurnCompleteness.looksUnfinished("my email address", UNKNOWN), "the address may follow");
        assertTrue(TurnCompleteness.looksUnfinished("i need to talk to", UNKNOWN));
        assertTrue(TurnCompleteness.looksUnfinished("can i give you my", UNKNOWN));
    }

    @Test
    void closingPhrasesAreComplete() {
        assertTrue(TurnCompleteness.looksComplete("great that's everything take care", UNKNOWN));
        assertTrue(TurnCompleteness.looksComplete("okay that's all i needed see you", UNKNOWN));
    }
}
