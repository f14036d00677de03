package dev.parley.gateway.turntaking;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TurnCompletenessTest {

    @Test
    void danglingDigitsAndConnectivesSoundUnfinished() {
        assertTrue(TurnCompleteness.looksUnfinished("my number is five five five"));
        assertTrue(TurnCompleteness.looksUnfinished("my email is"));
        assertTrue(TurnCompleteness.looksUnfinished("i need to change my order and"));
        assertTrue(TurnCompleteness.looksUnfinished("it's one two three four"));
        assertTrue(TurnCompleteness.looksUnfinished("order 12"));
        // Vosk's spelling of "one two" heard without the rest of the number
        assertTrue(TurnCompleteness.looksUnfinished("my order number is one too"));
        assertTrue(TurnCompleteness.looksUnfinished("four won"));
    }

    @Test
    void completeQuestionsAndSentencesDoNot() {
        assertFalse(TurnCompleteness.looksUnfinished("what are your opening hours"));
        assertFalse(TurnCompleteness.looksUnfinished("goodbye"));
        assertFalse(TurnCompleteness.looksUnfinished("me too"));
        assertFalse(TurnCompleteness.looksUnfinished("we won"));
        assertFalse(TurnCompleteness.looksUnfinished("i want to talk to a person"));
        assertFalse(TurnCompleteness.looksUnfinished(""));
        assertFalse(TurnCompleteness.looksUnfinished("one two three four five six seven eight nine zero"),
                "ten digits: a full phone number");
    }

    @Test
    void wholeQuestionsAndClosingsAreCompleteButOrderTalkIsNot() {
        assertTrue(TurnCompleteness.looksComplete("what are your opening hours"));
        assertTrue(TurnCompleteness.looksComplete("goodbye"));
        assertTrue(TurnCompleteness.looksComplete("ok thanks"));
        assertFalse(TurnCompleteness.looksComplete("where is my order"), "an order number may follow");
        assertFalse(TurnCompleteness.looksComplete("what is"));
        assertFalse(TurnCompleteness.looksComplete("i want to talk"));
    }

    @Test
    void yesNoAnswersAndWholeRequestsAreCompleteButNotWhenTheyTrailOff() {
        assertTrue(TurnCompleteness.looksComplete("yes"));
        assertTrue(TurnCompleteness.looksComplete("no"));
        assertTrue(TurnCompleteness.looksComplete("yes that's right"));
        assertTrue(TurnCompleteness.looksComplete("i'd like to book a check up"));
        assertTrue(TurnCompleteness.looksComplete("i want to speak to a person"));
        assertFalse(TurnCompleteness.looksComplete("no it's"), "a correction is coming");
        assertFalse(TurnCompleteness.looksComplete("yes my number is"));
        assertFalse(TurnCompleteness.looksComplete("i want to check my order"), "the number may follow");
        assertFalse(TurnCompleteness.looksComplete("i think the store was nice"), "a statement may go on");
    }
}
