package dev.parley.dialogue.context;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.knowledge.KnowledgeChunk;
import dev.parley.dialogue.knowledge.KnowledgeHit;
import dev.parley.dialogue.llm.LlmMessage;
import dev.parley.dialogue.llm.LlmRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContextBuilderTest {

    final Conversation call = new Conversation("acme", "c1", Map.of());

    @Test
    void putsKnowledgeAndFactsInTheSystemPromptAndHistoryAsHeard() {
        call.addAgentTurn(0, "Hi, how can I help?");
        call.addCallerTurn(1, "when are you open");
        call.addAgentTurn(1, "We're open Monday to Friday, from 9 am to 6 pm.");
        call.markHeard(1, "We're open Monday", true);
        call.addCallerTurn(2, "and saturday");
        // Already spoken in the turn being answered: the turn's own messages carry it, not the history.
        call.appendAgentText(2, "Let me see. ");
        LlmRequest r = new ContextBuilder("You are Acme's agent.", 2000).build(call, 2,
                List.of(new KnowledgeHit(new KnowledgeChunk("store.md", "Opening hours?", "9 am to 6 pm."), 0.8)),
                List.of("order_status {order=1234} -> shipped"), List.of(), List.of());
        assertTrue(r.system().startsWith("You are Acme's agent."));
        assertTrue(r.system().contains("Opening hours? 9 am to 6 pm."));
        assertTrue(r.system().contains("order_status {order=1234} -> shipped"));
        assertFalse(r.system().contains("condensed"), "everything fits: nothing is summarized");
        assertEquals(4, r.messages().size());
        assertEquals(LlmMessage.assistant("We're open Monday [the caller interrupted here]"), r.messages().get(2));
    }

    @Test
    void theCallsMetadataIsInTheSystemPromptInAStableOrder() {
        Conversation withParameters = new Conversation("acme", "c2",
                Map.of("to", "+15550100100", "from", "+15557654321", "campaign", "spring", "empty", " ",
                        // The platform's own key stays out: the opening line is in the history as turn 0.
                        "parley.opening_line", "Hi, this is Acme calling."));
        withParameters.addCallerTurn(1, "hello");
        LlmRequest r = new ContextBuilder("You are Acme's agent.", 2000).build(withParameters, 1, List.of(),
                List.of(), List.of(), List.of());
        assertTrue(r.system().contains("\n\nThis call: campaign spring, from +15557654321, to +15550100100"),
                r.system());
        assertFalse(new ContextBuilder("You are Acme's agent.", 2000).build(call, 1, List.of(), List.of(),
                List.of(), List.of()).system().contains("This call:"), "no parameters, no line");
        assertFalse(new ContextBuilder("You are Acme's agent.", 2000, Set.of()).build(withParameters, 1, List.of(),
                List.of(), List.of(), List.of()).system().contains("This call:"), "none shared, no line");
    }

    @Test
    void theCallStateFollowsTheFactsAndCountsAgainstTheBudget() {
        call.addCallerTurn(1, "my order number is four eight two nine one three");
        CallState.of(call).heard(TurnInput.speech(1,
                "my order number is four eight two nine one three", 0.9f));
        call.addAgentTurn(1, "Let me look.");
        call.addCallerTurn(2, "thanks");
        ContextBuilder builder = new ContextBuilder("You are Acme's agent.", 2000);
        LlmRequest r = builder.build(call, 2, List.of(), List.of("order_status {order=482913} -> shipped"), List.of(),
                List.of());
        assertTrue(r.system().endsWith("Known so far in this call:\n- order_status {order=482913} -> shipped"
                + "\n\nCall state:\n- Caller gave: number 482913 (turn 1, heard clearly)."), r.system());
        assertEquals(3, r.messages().size());
        // Little room left after the state: only the newest turn fits, the state stays.
        int tight = ContextBuilder.tokens(r.system()) + 6;
        LlmRequest small = new ContextBuilder("You are Acme's agent.", tight).build(call, 2, List.of(),
                List.of("order_status {order=482913} -> shipped"), List.of(), List.of());
        assertEquals(1, small.messages().size());
        assertTrue(small.system().contains("number 482913 (turn 1"), small.system());
    }

    @Test
    void condensesOlderTurnsWhenTheWindowIsOverBudget() {
        for (int t = 1; t <= 30; t++) {
            call.addCallerTurn(t, "question number " + t + " about something the caller wants to know in detail");
            call.addAgentTurn(t, "answer number " + t + " which explains that thing at some length for the caller");
        }
        LlmRequest r = new ContextBuilder("You are Acme's agent.", 400).build(call, 31, List.of(), List.of(),
                List.of(), List.of());
        assertTrue(r.messages().size() < 60, "the window slid");
        assertEquals("answer number 30 which explains that thing at some length for the caller",
                r.messages().get(r.messages().size() - 1).text());
        assertTrue(r.system().contains("Earlier in this call (condensed):"));
        int tokens = ContextBuilder.tokens(r.system());
        for (LlmMessage m : r.messages()) {
            tokens += ContextBuilder.tokens(m.text()) + 4;
        }
        assertTrue(tokens <= 400 + 60, "within budget (summary floor aside): " + tokens);
        assertFalse(r.system().contains("question number 1 "), "the oldest turns are dropped first");
    }
}
