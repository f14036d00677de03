package dev.parley.dialogue.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.llm.LlmBrain;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two tenants in one JVM, as in the service: neither sees the other's tools, data, knowledge or cached answers. */
class TenantIsolationTest {

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ReplayServer server;

    TenantIsolationTest() throws Exception {
        server = new ReplayServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Conversation call(String tenant) {
        return new Conversation(tenant, tenant + "-call", Map.of());
    }

    @Test
    void theFlowBrainsAnswerOnlyFromTheirOwnTenantsFiles() {
        Tenant acme = Tenants.load("acme", events);
        Tenant dental = Tenants.load("brightsmile", events);
        String dentalOnOrders = Answer.say(dental.brain(), call("brightsmile"), 1, "where is my order 1234").text();
        assertFalse(dentalOnOrders.contains("shipped"), dentalOnOrders);
        String acmeOnBooking = Answer.say(acme.brain(), call("acme"), 1, "book me in for a cleaning, patient 550012")
                .text();
        assertFalse(acmeOnBooking.contains("booked"), acmeOnBooking);
        assertTrue(Answer.say(acme.brain(), call("acme"), 2, "what are your opening hours").text().contains("9 am"));
        assertTrue(Answer.say(dental.brain(), call("brightsmile"), 2, "what are your opening hours").text()
                .contains("8 am"));
    }

    @Test
    void eachLlmSeesOnlyItsTenantsToolsAndKnowledgeAndCache() {
        String yaml = LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", "");
        Tenant acme = LlmTenants.load("acme", yaml, events);
        Tenant dental = LlmTenants.load("brightsmile", yaml, events);
        String acmeHours = "We're open Monday to Friday, from 9 am to 6 pm.";
        server.then(ReplayServer.stream(OpenAiWire.answer(acmeHours)));
        assertEquals(acmeHours, Answer.say(acme.brain(), call("acme"), 1, "what are your opening hours").text());
        // The same question to the clinic must reach its own model, not acme's cached answer.
        server.then(ReplayServer.stream(OpenAiWire.answer("We're open Monday to Thursday, 8 am to 5 pm.")));
        Answer dentalHours = Answer.say(dental.brain(), call("brightsmile"), 1, "what are your opening hours");
        assertNotEquals(LlmBrain.CACHE, dentalHours.brain());
        assertEquals(2, server.received().size());
        // A repeat within acme is a cache hit: the cache works, it is just per tenant.
        assertEquals(LlmBrain.CACHE, Answer.say(acme.brain(), call("acme"), 2, "what are your opening hours?")
                .brain());

        JsonNode acmeRequest = server.received().get(0).body();
        JsonNode dentalRequest = server.received().get(1).body();
        assertEquals(List.of("end_call", "order_status", "transfer_to_human"), toolNames(acmeRequest));
        assertEquals(List.of("book_appointment", "end_call", "transfer_to_human"), toolNames(dentalRequest));
        String acmePrompt = acmeRequest.at("/messages/0/content").asText();
        String dentalPrompt = dentalRequest.at("/messages/0/content").asText();
        assertTrue(acmePrompt.contains("9 am to 6 pm") && !acmePrompt.contains("8 am to 5 pm"), acmePrompt);
        assertTrue(dentalPrompt.contains("8 am to 5 pm") && !dentalPrompt.contains("9 am to 6 pm"), dentalPrompt);
    }

    static List<String> toolNames(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.get("tools").forEach(t -> names.add(t.at("/function/name").asText()));
        return names;
    }
}
