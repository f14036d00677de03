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
    void rejectsImpossibleLengths() {
        assertThrows(IllegalArgumentException.class, () -> new DigitSlot(5, 4));
    }
}
