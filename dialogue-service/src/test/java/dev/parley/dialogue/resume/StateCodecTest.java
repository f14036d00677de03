package dev.parley.dialogue.resume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.context.CallFacts;
import dev.parley.dialogue.context.CallState;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state's format: what survives a round trip, what a reader tolerates, and the bound on what it accepts. */
class StateCodecTest {

    final Conversation call = new Conversation("acme", "c-codec", Map.of("from", "+15550001111", "to", "+1555"));

    @Test
    void aStateNoBrainAskedForYetIsCarriedOnAsItWasUnknownOnesIncluded() throws Exception {
        call.addCallerTurn(1, "where is order 1234");
        call.addAgentTurn(1, "Order 1 2 3 4 has shipped.");
        call.markHeard(1, "Order 1 2 3", true);
        CallState.of(call).heard(TurnInput.speech(1, "where is order 1234", 0.7f));
        ObjectNode written = call.write();
        // A state of a brain this instance does not have (a newer version's): kept, for an instance that has it.
        ((ObjectNode) written.get("states")).putObject("future.brain").put("mood", "cheerful");
        Conversation here = Conversation.read(written);
        Conversation there = StateCodec.decode(StateCodec.encode(here), "acme", "c-codec");

        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(written.toString()), json.readTree(there.write().toString()));
        assertArrayEquals(StateCodec.encode(here), StateCodec.encode(there));
        assertEquals(call.history(), there.history());
        assertEquals(new HistoryEntry(HistoryEntry.Speaker.AGENT, 1, "Order 1 2 3", "Order 1 2 3 4 has shipped.",
                true), there.history().get(1));
        assertEquals(call.parameters(), there.parameters());
    }

    @Test
    void aBrainStateThatCannotBeReadStartsAfreshAndTheRestOfTheCallGoesOn() {
        call.brainState(CallFacts.KEY, CallFacts.class, CallFacts::new).put("k", "order 1234 shipped");
        CallState.of(call).heard(TurnInput.speech(1, "my order is 5678", 0.9f));
        ObjectNode written = call.write();
        ((ObjectNode) written.at("/states/" + CallFacts.KEY + "/facts")).put("k", 42);
        ((ObjectNode) written.at("/states/" + CallState.KEY)).put("addedLater", true);

        Conversation there = Conversation.read(written);
        assertEquals(List.of(), there.brainState(CallFacts.KEY, CallFacts.class, CallFacts::new).lines());
        assertEquals(CallState.of(call).entities(), CallState.of(there).entities(), "an unknown field is ignored");
    }

    @Test
    void aCallOfRunawayTranscriptsKeepsItsNewestTurnsWithinTheBoundSoItCanStillMove() throws Exception {
        char[] noise = new char[20_000];
        Arrays.fill(noise, 'a');
        for (int turn = 1; turn <= 100; turn++) {
            call.addCallerTurn(turn, turn + " " + new String(noise));
            call.addAgentTurn(turn, "Sorry, I didn't catch that.");
        }
        byte[] state = StateCodec.encode(call);
        Conversation there = StateCodec.decode(state, "acme", "c-codec");
        List<HistoryEntry> kept = there.history();
        assertTrue(kept.size() < call.history().size() && !kept.isEmpty(), kept.size() + " entries kept");
        assertEquals(call.history().subList(call.history().size() - kept.size(), call.history().size()), kept,
                "the newest turns are kept");
        assertTrue(there.write().toString().length() <= StateCodec.MAX_JSON_BYTES);
    }

    @Test
    void aStateThatInflatesPastTheBoundIsRefusedBeforeItIsRead() throws Exception {
        byte[] zeros = new byte[StateCodec.MAX_JSON_BYTES * 4];
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.write(StateCodec.VERSION);
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(bytes)) {
            out.write(zeros);
        }
        assertTrue(bytes.size() < 10_000, "a small state that would inflate to " + zeros.length + " bytes");
        InvalidStateException refused = org.junit.jupiter.api.Assertions.assertThrows(InvalidStateException.class,
                () -> StateCodec.decode(bytes.toByteArray(), "acme", "c-codec"));
        assertTrue(refused.getMessage().contains("inflates to more than"), refused.getMessage());
        assertFalse(refused.getMessage().isBlank());
    }
}
