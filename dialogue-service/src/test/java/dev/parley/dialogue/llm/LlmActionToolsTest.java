package dev.parley.dialogue.llm;

import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.tenant.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in tools an LLM uses to act on the call: transfer to a human, hang up — after its reply is heard. */
class LlmActionToolsTest {

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ReplayServer server;
    final Tenant acme;

    LlmActionToolsTest() throws Exception {
        server = new ReplayServer();
        acme = LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", ""), events);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theModelTransfersTheCallerAfterSayingSo() {
        server.then(ReplayServer.stream(OpenAiWire.toolCall("call_t", "transfer_to_human",
                        "{\"reason\":\"wants a refund manager\"}")))
                .then(ReplayServer.stream(OpenAiWire.answer("Of course, I'll put you through to a colleague now.")));
        Answer a = Answer.say(acme.brain(), new Conversation("acme", "c-t", Map.of()), 1,
                "I want to talk to a manager about my refund");

        List<BrainOutput> out = a.outputs();
        assertEquals("Of course, I'll put you through to a colleague now.", a.text());
        assertEquals(List.of(new BrainOutput.Transfer("sip:support@acme.example", "wants a refund manager"),
                new BrainOutput.Done("openai:gpt-4o-mini")), out.subList(out.size() - 2, out.size()),
                "the transfer comes after everything said");
        String toolResult = server.received().get(1).body().at("/messages").toString();
        assertTrue(toolResult.contains("the caller will be transferred right after your reply"), toolResult);
    }

    @Test
    void theModelHangsUpAfterItsGoodbyeAndTheAnswerIsNotCached() {
        for (int call = 0; call < 2; call++) {
            server.then(ReplayServer.stream(OpenAiWire.toolCall("call_e", "end_call", "{\"reason\":\"goodbye\"}")))
                    .then(ReplayServer.stream(OpenAiWire.answer("Thanks for calling Acme. Goodbye!")));
            Answer a = Answer.say(acme.brain(), new Conversation("acme", "c-e" + call, Map.of()), 1,
                    "that's all I needed, thanks, bye for now");
            assertEquals(List.of(new BrainOutput.EndCall("goodbye")), a.actions());
            assertEquals("Thanks for calling Acme. Goodbye!", a.text());
            assertNotEquals(LlmBrain.CACHE, a.brain());
        }
        assertEquals(4, server.received().size());
    }
}
