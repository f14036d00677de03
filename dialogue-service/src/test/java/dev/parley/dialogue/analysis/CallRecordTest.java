package dev.parley.dialogue.analysis;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.flow.Decision;
import dev.parley.dialogue.tools.ToolResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a call records for its analysis, and that it goes with the call to another instance. */
class CallRecordTest {

    static CallRecord busyCall() {
        CallRecord r = new CallRecord();
        r.callerTurn(1);
        r.decided(new Decision("ask:order", "order_status", Map.of()));
        r.callerTurn(2);
        r.decided(new Decision("tool:order_status", "order_status", Map.of("order", "1234")));
        r.toolSucceeded("order_status", Map.of("order", "1234"), ToolResult.found(Map.of("state", "shipped")));
        r.callerTurn(2); // re-sent after a move: not a new turn
        r.callerTurn(3);
        r.decided(new Decision("knowledge:What are your opening hours?", null, Map.of()));
        r.callerTurn(4);
        r.decided(new Decision("clarify:intent:transfer", "transfer", Map.of()));
        r.decided(new Decision("fallback", null, Map.of()));
        r.sent(new BrainOutput.Done("apology"));
        r.sent(new BrainOutput.Done("flow"));
        r.toolFailed("order_status", Map.of("order", "9999"));
        r.sent(new BrainOutput.Transfer("sip:support@acme.example", "asked"));
        return r;
    }

    @Test
    void recordsWhatTheCallCameTo() {
        CallRecord.Facts f = busyCall().facts();
        assertEquals(4, f.callerTurns());
        assertEquals(List.of("order_status"), f.intents(), "a clarifying question is not an intent gone through");
        assertEquals(List.of("What are your opening hours?"), f.knowledge());
        assertEquals(1, f.misses());
        assertEquals(1, f.fallbacks());
        assertEquals(2, f.tools().size());
        assertEquals(Map.of("order", "9999"), f.slots(), "the newest value of each");
        assertEquals("transferred", f.endReason());
    }

    @Test
    void goesWithTheCallToAnotherInstance() {
        ObjectNode written = JsonNodeFactory.instance.objectNode();
        busyCall().write(written);
        CallRecord read = new CallRecord();
        read.read(written);
        assertEquals(busyCall().facts(), read.facts());
        read.callerTurn(4);
        assertEquals(4, read.facts().callerTurns(), "turns up to the state's are not counted again");
    }

    @Test
    void travelsInTheConversationsState() {
        Conversation call = new Conversation("acme", "c-1", Map.of());
        CallRecord.of(call).callerTurn(1);
        CallRecord.of(call).sent(new BrainOutput.EndCall("bye"));
        Conversation moved = Conversation.read(call.write());
        assertEquals("agent-hangup", CallRecord.of(moved).facts().endReason());
        assertEquals(1, CallRecord.of(moved).facts().callerTurns());
    }

    @Test
    void staysBoundedHoweverLongTheCall() {
        CallRecord r = new CallRecord();
        for (int i = 0; i < 100; i++) {
            r.toolSucceeded("order_status", Map.of("order", String.valueOf(1000 + i)), ToolResult.notFound());
            r.decided(new Decision("knowledge:heading " + i, null, Map.of()));
        }
        assertEquals(CallRecord.MAX_TOOL_RUNS, r.facts().tools().size());
        assertEquals("1099", r.facts().tools().get(CallRecord.MAX_TOOL_RUNS - 1).arguments().get("order"));
        assertEquals(CallRecord.MAX_NAMES, r.facts().knowledge().size());
        assertTrue(r.facts().knowledge().contains("heading 0"));
    }
}
