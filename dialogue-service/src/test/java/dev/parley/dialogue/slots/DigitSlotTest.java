package dev.parley.dialogue.slots;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DigitSlotTest {

    final DigitSlot order = new DigitSlot(4, 4);

    static List<DigitRun> runs(String text) {
        return SpokenDigits.find(text);
    }

    @Test
    void takesTheLastCompleteNumber() {
        assertEquals(new DigitSlot.Fill(DigitSlot.Outcome.COMPLETE, "5678"),
                order.fill("", runs("order 1234, no sorry, 5678"), false));
    }

    @Test
    void continuesEarlierDigits() {
        assertEquals(new DigitSlot.Fill(DigitSlot.Outcome.COMPLETE, "1234"), order.fill("12", runs("three four"), true));
        assertEquals(new DigitSlot.Fill(DigitSlot.Outcome.PARTIAL, "123"), order.fill("12", runs("three"), true));
    }

    @Test
    void aRestartedNumberReplacesEarlierDigits() {
        assertEquals(new DigitSlot.Fill(DigitSlot.Outcome.COMPLETE, "1234"),
                order.fill("12", runs("one two three four"), true));
    }

    @Test
    void tooManyDigitsAreInvalidOnlyWhenAskedFor() {
        assertEquals(DigitSlot.Outcome.INVALID, order.fill("", runs("one two three four five"), true).outcome());
        assertEquals(DigitSlot.Outcome.NONE, order.fill("", runs("I waited 123456 minutes"), false).outcome());
    }

    @Test
    void aShortNumberMidSentenceIsNotTheSlotUnlessAskedFor() {
        assertEquals(DigitSlot.Outcome.NONE, order.fill("", runs("I bought 2 shirts yesterday"), false).outcome());
        assertEquals(DigitSlot.Outcome.PARTIAL, order.fill("", runs("I bought 2 shirts yesterday"), true).outcome());
        assertEquals(DigitSlot.Outcome.NONE, order.fill("", runs("no idea"), true).outcome());
    }

    @Test
    void aFillCarriesHowConfidentlyTheNumberItTookWasHeard() {
        List<DigitRun> runs = SpokenDigits.find(UtteranceTest.heard("order one two@0.5 three four no sorry five six "
                + "seven eight", 0.95f));
        assertEquals(new DigitSlot.Fill(DigitSlot.Outcome.COMPLETE, "5678", 0.95f), order.fill("", runs, false));
        // Continuing earlier digits: this turn's part is the first number said.
        assertEquals(new DigitSlot.Fill(DigitSlot.Outcome.COMPLETE, "1234", 0.7f),
                order.fill("12", SpokenDigits.find(UtteranceTest.heard("three four@0.7 and um one", 0.95f)), true));
        assertEquals(new DigitSlot.Fill(DigitSlot.Outcome.PARTIAL, "123", 0.6f),
                order.fill("12", SpokenDigits.find(UtteranceTest.heard("three@0.6", 0.95f)), true));
    }

    @Test
    void rejectsImpossibleLengths() {
        assertThrows(IllegalArgumentException.class, () -> new DigitSlot(5, 4));
    }
}
