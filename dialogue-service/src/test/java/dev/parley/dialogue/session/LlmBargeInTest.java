package dev.parley.dialogue.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.dialogue.v1.TurnHeard;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Barge-in on an LLM turn through the call's stream, as the gateway drives it: cancel stops the provider's HTTP
 * stream, and the next prompt carries what the caller actually heard, flagged as interrupted.
 */
class LlmBargeInTest {

    final ReplayServer server;
    final DialogueCall call;

    LlmBargeInTest() throws Exception {
        server = new ReplayServer();
        call = new DialogueCall(LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", ""),
                new RecordingEventPublisher()));
    }

    @AfterEach
    void stop() {
        call.close();
        server.close();
    }

    @Test
    void aCancelledLlmTurnReleasesItsStreamAndIsRememberedAsHeard() throws Exception {
        server.then(ReplayServer.thenHold(List.of(OpenAiWire.role(), OpenAiWire.text("We're open Monday "),
                OpenAiWire.text("to Friday. "), OpenAiWire.text("On weekends "))));
        call.send(CallSessionTest.turn(1, "when are you open"));
        call.eventually(() -> !call.ofTurn(1).isEmpty());
        call.send(CallSessionTest.cancel(1));
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the cancelled turn still holds a connection");
        call.send(DialogueRequest.newBuilder().setHeard(TurnHeard.newBuilder().setTurnId(1)
                .setHeardText("We're open Monday").setInterrupted(true)).build());

        server.then(ReplayServer.stream(OpenAiWire.answer("Yes, Saturdays too? No, we're closed then.")));
        call.send(CallSessionTest.turn(2, "is that on saturdays too"));
        call.eventually(() -> call.ofTurn(2).stream().anyMatch(DialogueResponse::hasDone));

        assertEquals("We're open Monday ", call.ofTurn(1).get(0).getTextDelta(), "the first words go out as they come");
        assertTrue(call.ofTurn(1).stream().noneMatch(DialogueResponse::hasDone), "a cancelled turn sends nothing more");
        JsonNode messages = server.received().get(1).body().get("messages");
        assertEquals("We're open Monday [the caller interrupted here]",
                messages.get(messages.size() - 2).get("content").asText());
        assertEquals("openai:gpt-4o-mini", call.ofTurn(2).get(call.ofTurn(2).size() - 1).getDone().getBrain());
    }
}
