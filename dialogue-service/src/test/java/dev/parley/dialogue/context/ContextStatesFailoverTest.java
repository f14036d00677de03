package dev.parley.dialogue.context;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.resume.StateCodec;
import dev.parley.dialogue.support.Heard;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LLM context's per-call states (call state, facts, summary, a turn's instructions) go with a call to another
 * instance and read back as they were: the prompt built there holds the same lines.
 */
class ContextStatesFailoverTest {

    final Conversation call = new Conversation("brightsmile", "c-ctx", Map.of("from", "+15550001111"));

    Conversation moved() throws Exception {
        return StateCodec.decode(StateCodec.encode(call), "brightsmile", "c-ctx");
    }

    @Test
    void theCallStateReadsBackAsItWasAndItsConfidencesBitForBit() throws Exception {
        CallState state = CallState.of(call);
        call.addCallerTurn(1, "my number is four eight two nine one three");
        // A hair below a read-back threshold of 0.8 must not come back as 0.8.
        state.heard(Heard.speech(1, "my number is four eight to@" + Math.nextDown(0.8f) + " nine one three", 0.93f));
        state.heard(Heard.speech(2, "my name is Ann Lee and it's next tuesday at ten thirty", 0.61f));
        state.awaitingConfirmation("book_appointment:patient", "patient 482913 for book_appointment", 2);
        state.toolStarted("lookup{order=1}", "lookup {order=1}", 2);
        state.toolAbandoned("lookup{order=1}");
        state.toolFinished("lookup{order=1}", true);
        call.addAgentTurn(2, "Just to check, that's 4 8 2 9 1 3?");
        call.markHeard(2, "Just to check", true);

        Conversation there = moved();
        CallState restored = CallState.of(there);
        assertEquals(state.entities(), restored.entities());
        assertEquals(Math.nextDown(0.8f), restored.entities().get(0).confidence());
        assertEquals(state.lines(call, 3), restored.lines(there, 3));
        assertTrue(restored.lines(there, 3).get(1).contains("confirm patient 482913"), restored.lines(there, 3)
                .toString());
    }

    @Test
    void aRunStillGoingWhereTheStateWasTakenIsOpenWithAnUnknownOutcomeThere() throws Exception {
        CallState state = CallState.of(call);
        state.toolStarted("book{patient=482913}", "book_appointment {patient=482913}", 4);
        state.toolAbandoned("book{patient=482913}");
        assertTrue(state.lines(call, 5).get(0).contains("is still running"), state.lines(call, 5).toString());

        Conversation there = moved();
        List<String> lines = CallState.of(there).lines(there, 5);
        assertEquals(List.of("Open: book_appointment {patient=482913}" + CallState.MOVED
                + " after the caller interrupted turn 4; they have not heard the outcome."), lines);
        CallState.of(there).toolResultDelivered("book{patient=482913}");
        assertEquals(List.of(), CallState.of(there).lines(there, 6), "settled once a turn gets the run's result");
    }

    @Test
    void factsSummaryAndInstructionsReadBackAsTheyWere() throws Exception {
        CallFacts facts = call.brainState(CallFacts.KEY, CallFacts.class, CallFacts::new);
        for (int i = 0; i < CallFacts.MAX_FACTS + 3; i++) {
            facts.put("lookup{order=" + i + "}", "lookup {order=" + i + "} -> {\"found\":true}");
        }
        facts.put("lookup{order=5}", "lookup {order=5} -> {\"found\":false}");
        CallSummary summary = call.brainState(CallSummary.KEY, CallSummary.class, CallSummary::new);
        summary.update("The caller gave order 1234 and asked about returns.", 14);
        TurnInstructions.of(call).set(15, "Only talk about orders.");

        Conversation there = moved();
        assertEquals(facts.lines(), there.brainState(CallFacts.KEY, CallFacts.class, CallFacts::new).lines(),
                "same facts in the same order");
        assertEquals(summary.snapshot(),
                there.brainState(CallSummary.KEY, CallSummary.class, CallSummary::new).snapshot());
        assertEquals(TurnInstructions.of(call).forTurn(15), TurnInstructions.of(there).forTurn(15));
        assertEquals(List.of(), there.history());
    }

    @Test
    void aSummaryRunInFlightIsNotCarriedAndTheNextPromptThereMayStartOne() throws Exception {
        CallSummary summary = call.brainState(CallSummary.KEY, CallSummary.class, CallSummary::new);
        summary.pending(List.of(HistoryEntry.caller(1, "a"), HistoryEntry.agent(1, "b"),
                HistoryEntry.caller(2, "c"), HistoryEntry.agent(2, "d")));
        assertEquals(4, summary.claim(4).size(), "a run is in progress here");
        CallSummary there = moved().brainState(CallSummary.KEY, CallSummary.class, CallSummary::new);
        there.pending(List.of(HistoryEntry.caller(1, "a"), HistoryEntry.agent(1, "b"),
                HistoryEntry.caller(2, "c"), HistoryEntry.agent(2, "d")));
        assertEquals(4, there.claim(4).size(), "no run holds the call's summary there");
    }
}
