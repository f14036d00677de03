package dev.parley.dialogue.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.AnthropicWire;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.tenant.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dental clinic's LLM brain over a replayed Anthropic stream: the model books through the clinic's own webhook
 * tool (a real HTTP server).
 */
class AnthropicToolLoopTest {

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ReplayServer server;
    final ClinicWebhook clinic;

    AnthropicToolLoopTest() throws Exception {
        server = new ReplayServer();
        clinic = new ClinicWebhook();
    }

    @AfterEach
    void stop() {
        server.close();
        clinic.close();
    }

    @Test
    void theModelBooksThroughTheClinicsToolAndAnswersWithTheBooking() {
        Tenant dental = LlmTenants.load("brightsmile", LlmTenants.brainYaml("anthropic", server.baseUrl(), ""), events,
                clinic.env());
        String input = AnthropicWire.inputJson(1, "{\"patient\": \"731104\"}");
        server.then(ReplayServer.stream(List.of(AnthropicWire.messageStart(), AnthropicWire.textStart(0),
                        AnthropicWire.text(0, "Let me get you booked in. "), AnthropicWire.blockStop(0),
                        AnthropicWire.toolStart(1, "toolu_7", "book_appointment"), input.substring(0, 90),
                        input.substring(90), AnthropicWire.blockStop(1), AnthropicWire.messageDelta("tool_use"),
                        AnthropicWire.messageStop())))
                .then(ReplayServer.stream(AnthropicWire.answer("You're all set, Priya: Tuesday at 10 am.")));
        // Slower than the filler delay; the model announced the booking itself, so no filler is added.
        clinic.delay(800);
        Conversation call = new Conversation("brightsmile", "dental-llm", Map.of());
        Answer a = Answer.say(dental.brain(), call, 1, "I'd like a check up, my patient number is 731104");

        assertEquals("Let me get you booked in. You're all set, Priya: Tuesday at 10 am.", a.text());
        assertEquals("anthropic:gpt-4o-mini", a.brain());
        ToolInvoked run = events.ofType(ToolInvoked.class).get(0);
        assertEquals("book_appointment", run.tool());
        // brightsmile redacts its patient slot in what it publishes; the booking itself went through with it.
        assertEquals(Map.of("patient", Redactor.MASK), run.arguments());
        assertEquals(1, clinic.bookingRequests.get());

        JsonNode messages = server.received().get(1).body().get("messages");
        JsonNode toolResult = messages.get(messages.size() - 1);
        assertEquals("user", toolResult.get("role").asText());
        assertEquals("toolu_7", toolResult.at("/content/0/tool_use_id").asText());
        assertTrue(toolResult.at("/content/0/content").asText().contains("\"day\":\"Tuesday\""), toolResult.toString());
        JsonNode use = messages.get(messages.size() - 2);
        assertEquals("Let me get you booked in. ", use.at("/content/0/text").asText());
        assertEquals("731104", use.at("/content/1/input/patient").asText());
    }
}
