package dev.parley.dialogue.context;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Heard;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallStateTest {

    final Conversation call = new Conversation("acme", "c-state", Map.of());
    final CallState state = CallState.of(call);

    @Test
    void readsSpokenNumbersWithHomophonesAndTheirWordConfidence() {
        state.heard(Heard.speech(3, "my order is four eight to@0.55 nine one three", 0.95f));
        CallState.Entity number = state.entities().get(0);
        assertEquals("number", number.kind());
        assertEquals("482913", number.value(), "'to' between digits is a two");
        assertEquals(3, number.turnId());
        assertEquals(0.55f, number.confidence(), 1e-6);
        assertEquals(List.of("Caller gave: number 482913 (turn 3, heard unclearly (0.55))."), state.lines(call, 4));
    }

    @Test
    void readsAmountsAsAmountsNotAsNumbers() {
        state.heard(TurnInput.speech(5, "I was charged forty five dollars fifty for order one two three four", 0.9f));
        state.heard(TurnInput.speech(6, "and then 120 dollars and 5 cents", null));
        assertEquals(List.of(
                new CallState.Entity("amount", "45.50", 5, 0.9f),
                new CallState.Entity("number", "1234", 5, 0.9f),
                new CallState.Entity("amount", "120.05", 6, null)), sorted(state.entities()));
        assertTrue(state.lines(call, 7).get(0).contains("amount 45.50 (turn 5, heard clearly)"),
                state.lines(call, 7).toString());
    }

    @Test
    void readsTheCallersNameAndWhenTheyWantSomethingWithoutTakingATimeForANumber() {
        state.heard(Heard.speech(2, "hi my name is ann lee@0.6 and I need a cleaning", 0.93f));
        state.heard(Heard.speech(3, "next tuesday at ten thirty in the morning for patient four eight two nine one three",
                0.9f));
        assertEquals(List.of(
                new CallState.Entity("name", "Ann Lee", 2, 0.6f),
                new CallState.Entity("day", "next tuesday", 3, 0.9f),
                new CallState.Entity("time", "10:30 am", 3, 0.9f),
                new CallState.Entity("number", "482913", 3, 0.9f)), state.entities());
        assertTrue(state.lines(call, 4).get(0).startsWith("Caller gave: name Ann Lee (turn 2, heard unclearly (0.60)); "
                + "day next tuesday (turn 3, heard clearly); time 10:30 am"), state.lines(call, 4).toString());
    }

    @Test
    void smallCountsAreNotValuesAndKeyedDigitsAreExact() {
        state.heard(TurnInput.speech(1, "two tickets please", 0.9f));
        state.heard(TurnInput.dtmf(2, "5521#"));
        assertEquals(1, state.entities().size());
        assertEquals("keyed", state.entities().get(0).kind());
        assertNull(state.entities().get(0).confidence());
    }

    @Test
    void aRepeatedValueMovesToItsNewestTurnAndTheOldestGoPastTheBound() {
        state.heard(TurnInput.speech(1, "order 1234", null));
        state.heard(TurnInput.speech(2, "order 5678", null));
        state.heard(TurnInput.speech(3, "no, 1234", null));
        assertEquals(List.of("5678", "1234"), state.entities().stream().map(CallState.Entity::value).toList());
        assertEquals(3, state.entities().get(1).turnId());
        for (int t = 10; t < 10 + CallState.MAX_ENTITIES; t++) {
            state.heard(TurnInput.speech(t, "code " + (1000 + t), null));
        }
        assertEquals(CallState.MAX_ENTITIES, state.entities().size());
        assertEquals("1010", state.entities().get(0).value());
    }

    @Test
    void openItemsLastUntilSettled() {
        state.awaitingConfirmation("book:patient", "patient 482913 for book", 2);
        state.toolStarted("book{slot=tue}", "book {slot=tue}", 2);
        List<String> lines = state.lines(call, 3);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("Open: confirm patient 482913 for book with the caller"), lines.get(0));
        assertTrue(lines.get(0).contains("book {slot=tue} is still running (started in turn 2)"), lines.get(0));
        state.confirmed("book:patient");
        state.toolFinished("book{slot=tue}", true);
        assertEquals(List.of(), state.lines(call, 3));
    }

    @Test
    void anInterruptedAnswerIsOpenUntilAnAnswerIsHeardToItsEnd() {
        call.addCallerTurn(1, "where is my order");
        call.addAgentTurn(1, "Your order ships tomorrow from our Denver warehouse.");
        call.markHeard(1, "Your order ships", true);
        call.addCallerTurn(2, "sorry, go on");
        call.appendAgentText(2, "It ships tomorrow.");
        assertEquals(List.of("Open: your answer in turn 1 was cut off after 'Your order ships'."),
                state.lines(call, 2), "the turn being answered does not settle it yet");
        call.addCallerTurn(3, "thanks");
        assertEquals(List.of(), state.lines(call, 3));
    }

    @Test
    void aTransferThatReachedNobodyStaysOpenAndMovesWithTheCall() {
        state.transferNotReached("tel:+15550100999", "no-answer", "Sorry, nobody is free.", 4);
        String expected = "Open: your transfer to tel:+15550100999 did not reach anyone (no-answer); the caller was "
                + "told \"Sorry, nobody is free.\" and is still on the line with you (asked for in turn 4).";
        assertEquals(List.of(expected), state.lines(call, 5));
        Conversation there = Conversation.read(call.write());
        assertEquals(List.of(expected), CallState.of(there).lines(there, 5), "carried to another instance");
    }

    private static List<CallState.Entity> sorted(List<CallState.Entity> entities) {
        return entities.stream().sorted((a, b) -> a.turnId() != b.turnId() ? Long.compare(a.turnId(), b.turnId())
                : a.kind().compareTo(b.kind())).toList();
    }
}
