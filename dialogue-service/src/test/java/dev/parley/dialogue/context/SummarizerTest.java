package dev.parley.dialogue.context;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long call: turns that slide out of the window are summarized by the model in the background and used after. */
class SummarizerTest {

    static final String SUMMARY = "Dana called about order 5678 and wants it delivered to her office on Main Street.";

    final ReplayServer server;

    SummarizerTest() throws Exception {
        server = new ReplayServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static boolean isSummaryRequest(JsonNode body) {
        return body.at("/messages/0/content").asText().startsWith("You keep the memory of a phone call");
    }

    @Test
    void olderTurnsAreSummarizedOffThePathAndTheSummaryReplacesThem() {
        Tenant acme = LlmTenants.load("acme", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1",
                "  contextTokens: 400\n"), new RecordingEventPublisher());
        Conversation call = new Conversation("acme", "long-call", Map.of());
        call.addCallerTurn(1, "Hi, this is Dana, I'm calling about my order five six seven eight.");
        call.addAgentTurn(1, "Thanks Dana. Order 5678 is still being packed and ships tomorrow.");
        for (long t = 2; t <= 12; t++) {
            call.addCallerTurn(t, "Could you please have it delivered to my office on Main Street instead of home?");
            call.addAgentTurn(t, "I've noted that you'd like the delivery to go to your office on Main Street.");
        }
        server.when(SummarizerTest::isSummaryRequest, ReplayServer.stream(OpenAiWire.answer(SUMMARY)))
                .then(ReplayServer.stream(OpenAiWire.answer("Of course.")));
        assertEquals("Of course.", Answer.say(acme.brain(), call, 13, "thanks, one more thing please").text());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        CallSummary summary = call.brainState(CallSummary.KEY, CallSummary.class, CallSummary::new);
        while (summary.snapshot().text() == null) {
            assertTrue(System.nanoTime() < deadline, "no summary was written");
            LockSupport.parkNanos(5_000_000);
        }
        assertEquals(SUMMARY, summary.snapshot().text());
        JsonNode summaryRequest = server.received().stream().map(ReplayServer.Received::body)
                .filter(SummarizerTest::isSummaryRequest).findFirst().orElseThrow();
        assertTrue(summaryRequest.at("/messages/1/content").asText().contains("Caller: Hi, this is Dana"));
        assertTrue(summaryRequest.path("tools").isMissingNode(), "a summary needs no tools");

        // The window slides again, so this turn may start another summary run: it gets its own answer, never the turn's.
        server.when(SummarizerTest::isSummaryRequest, ReplayServer.stream(OpenAiWire.answer(SUMMARY)))
                .then(ReplayServer.stream(OpenAiWire.answer("It ships tomorrow.")));
        assertEquals("It ships tomorrow.", Answer.say(acme.brain(), call, 14, "when does it ship again").text());
        List<JsonNode> turns = server.received().stream().map(ReplayServer.Received::body)
                .filter(b -> !isSummaryRequest(b)).toList();
        String system = turns.get(turns.size() - 1).at("/messages/0/content").asText();
        assertTrue(system.contains(SUMMARY), system);
        assertFalse(system.contains("caller: Hi, this is Dana"), "covered turns are not repeated line by line");
    }
}
