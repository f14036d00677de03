package dev.parley.dialogue.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HistoryEntry;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LLM brain of the real acme tenant (its tools, data and knowledge) against a replayed OpenAI-compatible server. */
class LlmBrainTest {

    static final String HOURS = "We're open Monday to Friday, from 9 am to 6 pm.";

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ReplayServer server;
    final Tenant acme;
    final Conversation call = new Conversation("acme", "call-llm", Map.of());

    LlmBrainTest() throws Exception {
        server = new ReplayServer();
        acme = LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", ""), events);
        acme.brain().greet(call).collect().asList().await().indefinitely();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void runsTheToolTheModelCallsAndContinuesWithItsResult() {
        server.then(ReplayServer.stream(OpenAiWire.toolCall("call_1", "order_status", "{\"order\":", " \"1234\"}")))
                .then(ReplayServer.stream(OpenAiWire.answer("Order 1234 has shipped and is arriving on Friday.")));
        Answer a = Answer.say(acme.brain(), call, 1, "where is my order one two three four");

        // The lookup answers at once: no filler line.
        assertEquals("Order 1234 has shipped and is arriving on Friday.", a.text());
        assertEquals("openai:gpt-4o-mini", a.brain());
        ToolInvoked run = events.ofType(ToolInvoked.class).get(0);
        assertEquals(Map.of("order", "1234"), run.arguments());
        assertTrue(run.ok());

        JsonNode second = server.received().get(1).body();
        JsonNode messages = second.get("messages");
        assertEquals("where is my order one two three four", messages.get(messages.size() - 3).get("content").asText());
        JsonNode calls = messages.get(messages.size() - 2);
        assertEquals("order_status", calls.at("/tool_calls/0/function/name").asText());
        JsonNode result = messages.get(messages.size() - 1);
        assertEquals("tool", result.get("role").asText());
        assertEquals("call_1", result.get("tool_call_id").asText());
        assertTrue(result.get("content").asText().contains("\"found\":true"), result.toString());
        // What the tool found stays in the call's state for later turns.
        assertTrue(second.at("/messages/0/content").asText().contains("order_status"));
    }

    @Test
    void groundsTheModelOnRetrievedKnowledgeAndTheHeardHistory() {
        server.then(ReplayServer.stream(OpenAiWire.answer(HOURS)));
        Answer.say(acme.brain(), call, 1, "what are your opening hours");
        call.markHeard(1, "We're open Monday", true);
        server.then(ReplayServer.stream(OpenAiWire.answer("On weekends we're closed.")));
        Answer.say(acme.brain(), call, 2, "and on saturdays");

        JsonNode first = server.received().get(0).body();
        assertTrue(first.at("/messages/0/content").asText().contains("9 am to 6 pm"), "knowledge in the prompt");
        JsonNode second = server.received().get(1).body().get("messages");
        assertEquals("We're open Monday [the caller interrupted here]",
                second.get(second.size() - 2).get("content").asText());
    }

    @Test
    void answersARepeatedQuestionFromTheCacheWithoutCallingTheModel() {
        server.then(ReplayServer.stream(OpenAiWire.answer(HOURS)));
        assertEquals(HOURS, Answer.say(acme.brain(), call, 1, "what are your opening hours").text());
        Answer again = Answer.say(acme.brain(), new Conversation("acme", "call-2", Map.of()), 1,
                "What are your opening hours?");
        assertEquals(HOURS, again.text());
        assertEquals(LlmBrain.CACHE, again.brain());
        assertEquals(1, server.received().size());
    }

    @Test
    void neverCachesAnAnswerBuiltOnTheCallersOwnData() {
        for (int i = 0; i < 2; i++) {
            server.then(ReplayServer.stream(OpenAiWire.toolCall("call_" + i, "order_status", "{\"order\":\"1234\"}")))
                    .then(ReplayServer.stream(OpenAiWire.answer("Order 1234 has shipped.")));
            Answer a = Answer.say(acme.brain(), new Conversation("acme", "call-" + i, Map.of()), 1,
                    "where is my order 1234");
            assertEquals("openai:gpt-4o-mini", a.brain());
        }
        assertEquals(4, server.received().size());
    }

    @Test
    void aConnectionDroppedMidAnswerEndsWithAnApologyInsteadOfSilence() {
        server.then(ReplayServer.dropAfter(List.of(OpenAiWire.role(), OpenAiWire.text("Our opening hours are "),
                OpenAiWire.text("nine. "), OpenAiWire.text("On"))));
        Answer a = Answer.say(acme.brain(), call, 1, "when are you open");
        assertEquals("Our opening hours are nine. Sorry, I lost my train of thought there. Could you ask me again?",
                a.text());
        assertFalse(events.ofType(EngineFallback.class).isEmpty());
        HistoryEntry said = call.lastAgentTurn().orElseThrow();
        assertEquals(a.text(), said.generatedText());
    }

    @Test
    void aTenantChoosesWhichCallMetadataGoesToTheModelProvider() {
        Tenant discreet = LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1",
                "  callMetadata: [to, campaign]\n"), events);
        Conversation withNumbers = new Conversation("acme", "call-meta",
                Map.of("from", "+15557654321", "to", "+15550100100", "campaign", "spring"));
        server.then(ReplayServer.stream(OpenAiWire.answer(HOURS)));
        Answer.say(discreet.brain(), withNumbers, 1, "what are your opening hours");
        String system = server.received().get(0).body().at("/messages/0/content").asText();
        assertTrue(system.contains("This call: campaign spring, to +15550100100"), system);
        assertFalse(system.contains("+15557654321"), "the caller's number stays here: " + system);
    }
}
