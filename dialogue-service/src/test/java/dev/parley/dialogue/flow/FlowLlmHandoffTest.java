package dev.parley.dialogue.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.CountingEmbedder;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantLoader;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acme flow with flow.yaml {@code llm:} and an LLM in brain.yaml (a real local server replaying the OpenAI
 * stream): the flow places every turn first, hands only unmatched ones to the LLM and steers back to its question.
 */
class FlowLlmHandoffTest {

    static final String INSTRUCTIONS = "Only talk about Acme orders, deliveries and returns; politely decline anything"
            + " else.";
    static final String FLOW_LLM = "llm:\n"
            + "  instructions: \"" + INSTRUCTIONS + "\"\n"
            + "  maxTurns: 2\n"
            + "  back: \"Now, back to your order. {pending}\"\n";
    static final String ASK = "Sure, I can check that for you. What's your order number?";
    static final String BACK = "Now, back to your order. Okay, what's your order number?";
    static final String OFF_SCRIPT = "can you tell me a joke about penguins";

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ReplayServer server;
    final Conversation call = new Conversation("acme", "call-handoff", Map.of());

    FlowLlmHandoffTest() throws IOException {
        server = new ReplayServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** acme with flow.yaml {@code llm:}; unless {@code withLlm} is false, brain.yaml {@code chain: [flow]} + an LLM. */
    Tenant acme(boolean withLlm) throws IOException {
        Path dir = Tenants.copy("acme");
        Files.writeString(dir.resolve("flow.yaml"), FLOW_LLM, StandardOpenOption.APPEND);
        if (withLlm) {
            Files.writeString(dir.resolve("brain.yaml"),
                    LlmTenants.brainYaml("[flow]", "openai", server.baseUrl() + "/v1", ""));
        }
        return Tenants.load(dir, events, Map.of(LlmTenants.KEY_ENV, LlmTenants.KEY));
    }

    static String system(ReplayServer.Received request) {
        JsonNode first = request.body().get("messages").get(0);
        assertEquals("system", first.get("role").asText());
        return first.get("content").asText();
    }

    @Test
    void anOffScriptQuestionGoesToTheLlmWithTheFlowsInstructionsThenTheFlowReasksItsQuestion() throws IOException {
        Tenant acme = acme(true);
        assertEquals(ASK, Answer.say(acme.brain(), call, 1, "where is my order").text());
        assertTrue(server.received().isEmpty(), "a matched intent needs no LLM");

        server.then(ReplayServer.stream(OpenAiWire.answer("Sorry, jokes are not my thing, I only handle orders.")));
        Answer offScript = Answer.say(acme.brain(), call, 2, OFF_SCRIPT);

        assertEquals("Sorry, jokes are not my thing, I only handle orders. " + BACK, offScript.text());
        assertEquals(1, server.received().size());
        String system = system(server.received().get(0));
        assertTrue(system.startsWith("You are the phone agent."), system);
        assertTrue(system.contains("For this turn: " + INSTRUCTIONS), system);
        assertFalse(system.contains("Caller gave:"), "nothing given yet: " + system);
        JsonNode messages = server.received().get(0).body().get("messages");
        assertEquals(OFF_SCRIPT, messages.get(messages.size() - 1).get("content").asText());
        long callerTurns = call.history().stream().filter(e -> e.turnId() == 2 && e.speaker().name().equals("CALLER"))
                .count();
        assertEquals(1, callerTurns, "the handed-off turn is recorded once");
        assertEquals("Sorry, jokes are not my thing, I only handle orders. " + BACK,
                call.lastAgentTurn().orElseThrow().generatedText());

        Answer back = Answer.say(acme.brain(), call, 3, "it's one two three four");
        assertEquals("Order 1 2 3 4 has shipped and is arriving on Friday.", back.text());
        assertEquals("flow", back.brain());
        assertEquals(1, server.received().size(), "a turn the flow places never reaches the LLM");
    }

    @Test
    void aHandedOffTurnIsEmbeddedOnceForTheFlowAndTheLlm() throws IOException {
        Path dir = Tenants.copy("acme");
        Files.writeString(dir.resolve("flow.yaml"), FLOW_LLM, StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("brain.yaml"),
                LlmTenants.brainYaml("[flow]", "openai", server.baseUrl() + "/v1", ""));
        CountingEmbedder embedder = new CountingEmbedder();
        Tenant acme = new TenantLoader(embedder, events, Infrastructure.getDefaultWorkerPool(),
                Map.of(LlmTenants.KEY_ENV, LlmTenants.KEY)::get).load(dir);
        embedder.embedded.clear(); // the intents' examples and the knowledge, at load
        server.then(ReplayServer.stream(OpenAiWire.answer("Sorry, no jokes.")));
        assertEquals("Sorry, no jokes.", Answer.say(acme.brain(), call, 1, OFF_SCRIPT).text());
        // The sentence once; words the knowledge answers never use ("joke", "penguins") are looked up on their own
        // for the matcher's stand-ins (WordNeighbours), once per process.
        assertEquals(1, embedder.embedded.stream().filter(OFF_SCRIPT::equals).count(), embedder.embedded.toString());
        assertTrue(embedder.embedded.stream().allMatch(t -> t.equals(OFF_SCRIPT) || !t.contains(" ")),
                embedder.embedded.toString());
    }

    @Test
    void afterMaxTurnsOffScriptTheFlowSaysItsBackLineWithoutTheLlmUntilTheCallerIsBackOnScript() throws IOException {
        Tenant acme = acme(true);
        Answer.say(acme.brain(), call, 1, "where is my order");
        server.then(ReplayServer.stream(OpenAiWire.answer("I can't tell jokes, sorry.")))
                .then(ReplayServer.stream(OpenAiWire.answer("Still no jokes, I'm afraid.")));
        assertEquals("I can't tell jokes, sorry. " + BACK, Answer.say(acme.brain(), call, 2, OFF_SCRIPT).text());
        assertEquals("Still no jokes, I'm afraid. " + BACK,
                Answer.say(acme.brain(), call, 3, "come on, a little joke about cats").text());

        Answer third = Answer.say(acme.brain(), call, 4, "please tell me a funny story");
        assertEquals(BACK, third.text());
        assertEquals("flow", third.brain());
        assertEquals(2, server.received().size(), "past maxTurns the LLM is not asked");

        assertEquals("Order 1 2 3 4 has shipped and is arriving on Friday.",
                Answer.say(acme.brain(), call, 5, "1234").text());
        // Back on script: the count starts over, so the next off-script turn goes to the LLM again.
        server.then(ReplayServer.stream(OpenAiWire.answer("That one I can't answer.")));
        Answer again = Answer.say(acme.brain(), call, 6, OFF_SCRIPT);
        assertEquals("That one I can't answer.", again.text(), "nothing is pending, so no back line");
        assertEquals(3, server.received().size());
        String system = system(server.received().get(2));
        assertTrue(system.contains("Caller gave: number 1234 (turn 5)."), "a value given while the flow answered: "
                + system);
    }

    @Test
    void withNothingPendingTheLlmAnswersAloneAndPastMaxTurnsTheBackLineCarriesTheFallbackLine() throws IOException {
        Tenant acme = acme(true);
        server.then(ReplayServer.stream(OpenAiWire.answer("No jokes here, sorry.")))
                .then(ReplayServer.stream(OpenAiWire.answer("Still none, sorry.")));
        assertEquals("No jokes here, sorry.", Answer.say(acme.brain(), call, 1, OFF_SCRIPT).text());
        assertEquals("Still none, sorry.", Answer.say(acme.brain(), call, 2, "tell me a funny story").text());
        assertEquals("Now, back to your order. Sorry, I didn't catch that. I can help with orders, opening hours, "
                + "returns and shipping.", Answer.say(acme.brain(), call, 3, "what about a riddle").text());
        assertEquals(2, server.received().size());
    }

    @Test
    void aConfidentKnowledgeAnswerStaysWithTheFlow() throws IOException {
        Tenant acme = acme(true);
        Answer a = Answer.say(acme.brain(), call, 1, "what are your opening hours");
        assertTrue(a.text().contains("9 am to 6 pm"), a.text());
        assertEquals("flow", a.brain());
        assertTrue(server.received().isEmpty());
    }

    @Test
    void anLlmFailureBeforeAWordGetsTheFlowsFallbackLineAndTheBackLine() throws IOException {
        Tenant acme = acme(true);
        Answer.say(acme.brain(), call, 1, "where is my order");
        server.then(ReplayServer.error(500, "{\"error\":{\"message\":\"The server had an error\","
                + "\"type\":\"server_error\"}}"));
        Answer a = Answer.say(acme.brain(), call, 2, OFF_SCRIPT);

        assertEquals("Sorry, I didn't catch that. I can help with orders, opening hours, returns and shipping. " + BACK,
                a.text());
        assertEquals(1, server.received().size());
        EngineFallback fallback = events.ofType(EngineFallback.class).get(0);
        assertEquals("openai:gpt-4o-mini", fallback.failedEngine());
        assertTrue(fallback.error().contains("The server had an error"), fallback.error());
    }

    @Test
    void aTenantWithoutAnLlmAnswersOffScriptTurnsAsBefore() throws IOException {
        Tenant acme = acme(false);
        Answer.say(acme.brain(), call, 1, "where is my order");
        Answer reask = Answer.say(acme.brain(), call, 2, OFF_SCRIPT);
        assertEquals("Okay, what's your order number?", reask.text());
        assertEquals("flow", reask.brain());
        Answer.say(acme.brain(), call, 3, "1234");
        assertEquals("Sorry, I didn't catch that. I can help with orders, opening hours, returns and shipping.",
                Answer.say(acme.brain(), call, 4, OFF_SCRIPT).text());
        assertTrue(server.received().isEmpty());
    }

    @Test
    void aBargeInMidHandOffCancelsTheLlmRequestAndNoBackLineFollows() throws Exception {
        Tenant acme = acme(true);
        Answer.say(acme.brain(), call, 1, "where is my order");
        server.then(ReplayServer.thenHold(List.of(OpenAiWire.role(), OpenAiWire.text("Penguins are "),
                OpenAiWire.text("great, but I only help with orders. "))));
        AssertSubscriber<BrainOutput> turn = acme.brain().respond(call, TurnInput.speech(2, OFF_SCRIPT))
                .subscribe().withSubscriber(AssertSubscriber.create(100));
        // Streamed: the first phrase arrives while the model is still holding its stream open.
        turn.awaitItems(1, Duration.ofSeconds(10));
        turn.cancel();

        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the cancelled hand-off still holds a connection");
        assertFalse(turn.getItems().stream().anyMatch(o -> o instanceof BrainOutput.Text t
                && t.delta().contains("back to your order")), turn.getItems().toString());
        assertTrue(events.ofType(EngineFallback.class).isEmpty(), "a barge-in is not a failure");
    }

    @Test
    void aChainThatPutsTheLlmBeforeTheFlowIsRejectedWhenTheFlowHandsOff() throws IOException {
        Path dir = Tenants.copy("acme");
        Files.writeString(dir.resolve("flow.yaml"), FLOW_LLM, StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("brain.yaml"), LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tenants.load(dir, events, Map.of(LlmTenants.KEY_ENV, LlmTenants.KEY)));
        assertTrue(e.getMessage().contains("chain must put flow first"), e.getMessage());
    }

    @Test
    void aBackLineWithAnUnknownPlaceholderFailsWhenTheTenantLoads() throws IOException {
        Path dir = Tenants.copy("acme");
        Files.writeString(dir.resolve("flow.yaml"), "llm:\n  instructions: \"Orders only.\"\n"
                + "  back: \"Back to {order}.\"\n", StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("brain.yaml"),
                LlmTenants.brainYaml("[flow]", "openai", server.baseUrl() + "/v1", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tenants.load(dir, events, Map.of(LlmTenants.KEY_ENV, LlmTenants.KEY)));
        assertTrue(e.getMessage().contains("needs a value for 'order'"), e.getMessage());
    }
}
