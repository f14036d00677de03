package dev.parley.dialogue.llm;

import dev.parley.contracts.events.EngineFallback;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.AnthropicWire;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.tenant.Tenant;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The acme chain llm -> flow -> apology when the provider is slow, failing, or interrupted by the caller. */
class BrainChainTest {

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ReplayServer server;
    final Conversation call = new Conversation("acme", "call-chain", Map.of());

    BrainChainTest() throws Exception {
        server = new ReplayServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Tenant acme(String provider, String extra) {
        String endpoint = "openai".equals(provider) ? server.baseUrl() + "/v1" : server.baseUrl();
        return LlmTenants.load("acme", LlmTenants.brainYaml(provider, endpoint, extra), events);
    }

    @Test
    void aSlowFirstTokenHandsTheTurnToTheFlowBrainAndHangsUp() throws Exception {
        Tenant acme = acme("openai", "  firstTokenTimeoutMs: 1000\n");
        // A first, healthy turn warms the JVM's HTTP client up, so the slow turn's request surely reaches the server.
        server.then(ReplayServer.stream(OpenAiWire.answer("Hello there.")));
        assertEquals("openai:gpt-4o-mini", Answer.say(acme.brain(), call, 1, "hello").brain());
        server.then(ReplayServer.thenHold(List.of()));
        Answer a = Answer.say(acme.brain(), call, 2, "what are your opening hours");

        assertEquals("flow", a.brain());
        assertTrue(a.text().contains("9 am to 6 pm"), a.text());
        EngineFallback fallback = events.ofType(EngineFallback.class).get(0);
        assertEquals(List.of("openai:gpt-4o-mini", "flow"), List.of(fallback.failedEngine(), fallback.nextEngine()));
        assertTrue(fallback.error().contains("nothing within 1000 ms"), fallback.error());
        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the timed-out request still holds a connection");
    }

    @Test
    void aProviderErrorHandsTheTurnToTheFlowBrain() {
        Tenant acme = acme("anthropic", "");
        server.then(ReplayServer.error(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}"));
        Answer a = Answer.say(acme.brain(), call, 1, "where is my order one two three four");
        assertEquals("Order 1 2 3 4 has shipped and is arriving on Friday.", a.text());
        assertEquals("flow", a.brain());
        assertTrue(events.ofType(EngineFallback.class).get(0).error().contains("Overloaded"));
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndStopsCallingTheProvider() {
        Tenant acme = acme("openai", "  breaker:\n    failures: 2\n    openSeconds: 600\n");
        String outage = "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}";
        server.then(ReplayServer.error(500, outage)).then(ReplayServer.error(500, outage));
        for (int turn = 1; turn <= 3; turn++) {
            assertEquals("flow", Answer.say(acme.brain(), call, turn, "what are your opening hours").brain());
        }
        assertEquals(2, server.received().size());
        List<EngineFallback> fallbacks = events.ofType(EngineFallback.class);
        assertEquals(3, fallbacks.size());
        assertEquals("circuit open", fallbacks.get(2).error());
    }

    @Test
    void answersDroppedMidwayCountTooAndTheNextTurnGoesStraightToTheFlow() {
        Tenant acme = acme("openai", "  breaker:\n    failures: 2\n    openSeconds: 600\n");
        for (int turn = 1; turn <= 2; turn++) {
            server.then(ReplayServer.dropAfter(List.of(OpenAiWire.role(), OpenAiWire.text("Our opening hours are "),
                    OpenAiWire.text("nine. "), OpenAiWire.text("On"))));
            Answer cut = Answer.say(acme.brain(), call, turn, "when are you open");
            assertTrue(cut.text().startsWith("Our opening hours are nine. "), cut.text());
        }
        Answer third = Answer.say(acme.brain(), call, 3, "what are your opening hours");
        assertEquals("flow", third.brain(), "a provider that drops every answer midway is skipped like a dead one");
        assertEquals(2, server.received().size());
        assertEquals("circuit open", events.ofType(EngineFallback.class).get(2).error());
    }

    @Test
    void aBargeInCancelsTheModelStreamAndKeepsWhatWasSaid() throws Exception {
        Tenant acme = acme("anthropic", "");
        server.then(ReplayServer.thenHold(List.of(AnthropicWire.messageStart(), AnthropicWire.textStart(0),
                AnthropicWire.text(0, "We are open from nine "), AnthropicWire.text(0, "in the morning. "))));
        AssertSubscriber<BrainOutput> turn = acme.brain().respond(call, TurnInput.speech(1, "when are you open"))
                .subscribe().withSubscriber(AssertSubscriber.create(100));
        turn.awaitItems(2, Duration.ofSeconds(10));
        turn.cancel();

        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the cancelled turn still holds a connection");
        assertEquals(List.of(new BrainOutput.Text("We are open from nine "), new BrainOutput.Text("in the morning. ")),
                turn.getItems(), "the first sentence goes out as its words come");
        assertEquals("We are open from nine in the morning. ", call.lastAgentTurn().orElseThrow().generatedText());
        assertTrue(events.ofType(EngineFallback.class).isEmpty(), "a barge-in is not a failure");
    }

    @Test
    void aBargeInBeforeTheFirstTokenAbortsTheRequestAndIsNoFailure() throws Exception {
        Tenant acme = acme("openai", "  breaker:\n    failures: 1\n    openSeconds: 600\n");
        server.then(ReplayServer.thenHold(List.of()));
        AssertSubscriber<BrainOutput> turn = acme.brain().respond(call, TurnInput.speech(1, "when are you open"))
                .subscribe().withSubscriber(AssertSubscriber.create(100));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.received().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(1, server.received().size(), "the model request never arrived");
        turn.cancel();

        assertTrue(server.clientGone.await(10, TimeUnit.SECONDS), "the cancelled request still holds a connection");
        assertTrue(events.ofType(EngineFallback.class).isEmpty(), "a barge-in is not a failure");
        server.then(ReplayServer.stream(OpenAiWire.answer("We open at nine.")));
        assertEquals("openai:gpt-4o-mini", Answer.say(acme.brain(), call, 2, "when are you open").brain(),
                "with failures: 1, a barge-in counted as a failure would have opened the breaker");
    }

    @Test
    void aSlowButTimelyFirstTokenIsWaitedFor() {
        Tenant acme = acme("anthropic", "");
        server.then(ReplayServer.slowStart(400, AnthropicWire.answer("We ship within 3 to 5 business days.")));
        Answer a = Answer.say(acme.brain(), call, 1, "how long does delivery take");
        assertEquals("We ship within 3 to 5 business days.", a.text());
        assertEquals("anthropic:gpt-4o-mini", a.brain());
        assertTrue(events.ofType(EngineFallback.class).isEmpty());
    }

    @Test
    void aHealthyProviderAnswersWithoutFallingBack() {
        Tenant acme = acme("openai", "");
        server.then(ReplayServer.stream(OpenAiWire.answer("You can return items within 30 days.")));
        Answer a = Answer.say(acme.brain(), call, 1, "can I return something");
        assertEquals("You can return items within 30 days.", a.text());
        assertTrue(events.ofType(EngineFallback.class).isEmpty());
    }
}
