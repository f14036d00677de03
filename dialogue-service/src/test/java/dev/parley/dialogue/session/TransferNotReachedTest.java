package dev.parley.dialogue.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.TransferFailed;
import dev.parley.dialogue.analysis.CallRecord;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A warm transfer that reaches nobody: the gateway takes the caller back and tells the brain, so the model's next
 * prompt knows the person was not reached (rather than taking the caller for already transferred), and the call's
 * record is no transfer.
 */
class TransferNotReachedTest {
    static final String TARGET = "sip:reception@brightsmile.example";
    static final String TOLD = "I'm sorry, I couldn't reach anyone to take your call right now.";

    final ClinicWebhook clinic;
    final ReplayServer llm;
    DialogueCall call;

    TransferNotReachedTest() throws Exception {
        clinic = new ClinicWebhook();
        llm = new ReplayServer();
    }

    @AfterEach
    void stop() {
        if (call != null) {
            call.close();
        }
        clinic.close();
        llm.close();
    }

    @Test
    void theNextPromptSaysThePersonWasNotReachedAndTheCallIsNoTransfer() {
        call = new DialogueCall(LlmTenants.load("brightsmile", LlmTenants.brainYaml("openai", llm.baseUrl() + "/v1",
                ""), new RecordingEventPublisher(), clinic.env()));
        llm.then(ReplayServer.stream(OpenAiWire.toolCall("call_1", "transfer_to_human",
                "{\"reason\":\"asked for a person\"}")));
        llm.then(ReplayServer.stream(OpenAiWire.answer("Let me put you through to the front desk.")));
        call.send(CallSessionTest.turn(1, "can i talk to a real person please"));
        call.eventually(() -> call.ofTurn(1).stream().anyMatch(DialogueResponse::hasDone));
        assertTrue(call.ofTurn(1).stream().anyMatch(r -> r.hasAction() && r.getAction().hasTransfer()),
                "the model transferred: " + call.ofTurn(1));
        assertTrue(CallRecord.of(call.conversation()).facts().transferred());

        call.send(DialogueRequest.newBuilder().setTransferFailed(TransferFailed.newBuilder().setTurnId(1)
                .setTarget(TARGET).setOutcome("busy").setToldCaller(TOLD)).build());
        int asked = llm.received().size();
        llm.then(ReplayServer.stream(OpenAiWire.answer("I'm sorry the front desk is busy. Can I take a message?")));
        call.send(CallSessionTest.turn(2, "hello? am i through?"));
        call.eventually(() -> call.ofTurn(2).stream().anyMatch(DialogueResponse::hasDone));

        JsonNode prompt = llm.received().get(asked).body();
        String system = prompt.at("/messages/0/content").asText();
        assertTrue(system.contains("your transfer to " + TARGET + " did not reach anyone (busy); the caller was told \""
                + TOLD + "\" and is still on the line with you (asked for in turn 1)"), system);
        assertFalse(CallRecord.of(call.conversation()).facts().transferred(), "the call was not transferred");
        assertEquals("caller-hangup", CallRecord.of(call.conversation()).facts().endReason());
    }
}
