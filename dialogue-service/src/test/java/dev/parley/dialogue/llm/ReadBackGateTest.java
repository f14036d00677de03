package dev.parley.dialogue.llm;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Heard;
import dev.parley.dialogue.tools.Tool;
import dev.parley.dialogue.tools.ToolCall;
import dev.parley.dialogue.tools.ToolDefinition;
import dev.parley.dialogue.tools.ToolResult;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which high-consequence argument an LLM's tool call must read back first: the value is found among the words of the
 * caller turn that said it (digits however spoken, a name's words in a row) and only those words' confidences count.
 */
class ReadBackGateTest {

    /** A tool the gate only inspects (it never runs here): a payment taking a name and an amount. */
    static final Tool PAY = new Tool() {
        @Override
        public String name() {
            return "pay_invoice";
        }

        @Override
        public ToolDefinition definition() {
            return new ToolDefinition.JsonLookup("pays an invoice", "invoices.json", "name", null, null, false,
                    List.of("name", "amount"), null, null);
        }

        @Override
        public Uni<ToolResult> invoke(ToolCall call) {
            return Uni.createFrom().failure(new AssertionError("the gate does not run tools"));
        }
    };

    final ReadBackGate gate = new ReadBackGate(0.8);
    final Conversation call = new Conversation("t", "c-gate", Map.of());

    void caller(TurnInput turn) {
        call.addCallerTurn(turn.turnId(), turn.text());
        gate.heard(call, turn);
    }

    Optional<String> unclear(long turnId, String name, String amount) {
        return gate.unclear(call, turnId, PAY, Map.of("name", name, "amount", amount));
    }

    @Test
    void aNameWithOneWeakWordIsReadBackThoughTheTurnsMeanIsHigh() {
        caller(Heard.speech(1, "please pay forty five dollars for maria lopez@0.52", 0.98f));
        assertEquals(Optional.of("name"), unclear(1, "Maria Lopez", "45.00"));
    }

    @Test
    void anAmountWithOneWeakNumberWordIsReadBack() {
        caller(Heard.speech(1, "pay forty five@0.61 dollars fifty for maria lopez", 0.97f));
        assertEquals(Optional.of("amount"), unclear(1, "Maria Lopez", "$45.50"));
    }

    @Test
    void weakWordsOutsideTheValuesDoNotCauseAReadBack() {
        TurnInput turn = Heard.speech(1, "um@0.2 uh@0.3 pay@0.5 forty five dollars for maria lopez", 0.9f);
        assertTrue(turn.confidence() < 0.8f, String.valueOf(turn.confidence()));
        caller(turn);
        assertEquals(Optional.empty(), unclear(1, "Maria Lopez", "45"));
    }

    @Test
    void theValueIsJudgedByTheTurnThatSaidIt() {
        caller(Heard.speech(1, "the invoice is for maria lopez@0.5", 0.95f));
        caller(Heard.speech(2, "please pay forty five dollars", 0.99f));
        assertEquals(Optional.of("name"), unclear(2, "Maria Lopez", "45"));
    }

    @Test
    void aValueTheModelRewroteIsJudgedByTheCurrentTurnsMean() {
        caller(Heard.speech(1, "pay forty five dollars for doctor patel", 0.95f));
        assertEquals(Optional.empty(), unclear(1, "Dr. Patil", "45"));
        caller(Heard.speech(2, "pay forty five dollars for doctor@0.5 patel@0.5", 0.85f));
        assertEquals(Optional.of("name"), unclear(2, "Dr. Patil", "45"));
    }

    @Test
    void withoutWordsTheTurnsMeanDecidesAsBefore() {
        caller(TurnInput.speech(1, "pay forty five dollars for maria lopez", 0.93f));
        assertEquals(Optional.empty(), unclear(1, "Maria Lopez", "45"));
        caller(TurnInput.speech(2, "pay forty five dollars for maria lopez", 0.6f));
        assertEquals(Optional.of("name"), unclear(2, "Maria Lopez", "45"));
    }
}
