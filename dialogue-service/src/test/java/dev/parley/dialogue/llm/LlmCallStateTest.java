package dev.parley.dialogue.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.ClinicWebhook;
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

/**
 * The call state in the prompt over a real multi-turn call against a replayed OpenAI stream, with a window small
 * enough that the first turns slide out: the patient number said in turn 1 is still given to the model, an answer
 * the caller cut off is open until an answer is heard to its end, and a value being read back is open until the tool
 * acts on it.
 */
class LlmCallStateTest {

    static final String SUMMARY_PROMPT = "memory of a phone call";

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ReplayServer server;
    final ClinicWebhook clinic;
    final Tenant dental;
    final Conversation call = new Conversation("brightsmile", "c-state", Map.of());

    LlmCallStateTest() throws Exception {
        server = new ReplayServer();
        clinic = new ClinicWebhook();
        dental = LlmTenants.load("brightsmile", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1",
                "  contextTokens: 120\n"), events, clinic.env());
        // Condensing older turns is background work that may ask the model too; it gets its own answers.
        for (int i = 0; i < 3; i++) {
            server.when(body -> body.toString().contains(SUMMARY_PROMPT),
                    ReplayServer.stream(OpenAiWire.answer("The caller gave their patient number.")));
        }
    }

    @AfterEach
    void stop() {
        server.close();
        clinic.close();
    }

    Answer say(long turn, String text, float confidence) {
        return Answer.of(dental.brain(), call, TurnInput.speech(turn, text, confidence));
    }

    /** The turn requests the brain sent, summary requests left out. */
    List<JsonNode> turnRequests() {
        return server.received().stream().map(ReplayServer.Received::body)
                .filter(b -> !b.toString().contains(SUMMARY_PROMPT)).toList();
    }

    static String system(JsonNode request) {
        return request.at("/messages/0/content").asText();
    }

    static String conversation(JsonNode request) {
        StringBuilder out = new StringBuilder();
        JsonNode messages = request.at("/messages");
        for (int i = 1; i < messages.size(); i++) {
            out.append(messages.get(i).toString()).append('\n');
        }
        return out.toString();
    }

    @Test
    void thePromptCarriesWhatTheCallerGaveAndWhatIsStillOpen() {
        server.then(ReplayServer.stream(OpenAiWire.answer("Thank you. How can I help you today?")));
        say(1, "hello my patient number is four eight two nine one three", 0.95f);

        server.then(ReplayServer.stream(OpenAiWire.answer(
                "We're open Saturdays from nine to one, and we are closed on Sundays.")));
        say(2, "what are your opening hours on saturdays and on sundays please", 0.93f);
        call.markHeard(2, "We're open Saturdays", true);

        server.then(ReplayServer.stream(OpenAiWire.answer("Yes, there is free parking right behind the clinic.")));
        say(3, "sorry go on and is there parking near the clinic", 0.92f);
        JsonNode third = turnRequests().get(2);
        assertFalse(conversation(third).contains("four eight two"), "turn 1 slid out of the window:\n"
                + conversation(third));
        assertTrue(system(third).contains("Call state:\n- Caller gave: number 482913 (turn 1, heard clearly)."),
                system(third));
        assertTrue(system(third).contains("Open: your answer in turn 2 was cut off after 'We're open Saturdays'."),
                system(third));

        server.then(ReplayServer.stream(OpenAiWire.toolCall("call_1", "book_appointment",
                "{\"patient\":\"551209\"}")));
        server.then(ReplayServer.stream(OpenAiWire.answer("Just to check, is that 5 5 1 2 0 9?")));
        say(4, "please book a check up for my son patient five five one two zero nine", 0.5f);
        assertEquals(0, clinic.bookingRequests.get(), "not booked before the read-back");
        JsonNode readBack = turnRequests().get(4);
        assertFalse(system(readBack).contains("cut off"), "turn 3's answer was heard to its end:\n"
                + system(readBack));
        assertTrue(system(readBack).contains("number 482913 (turn 1, heard clearly); number 551209 (turn 4, "
                + "heard unclearly (0.50))."), system(readBack));
        assertTrue(system(readBack).contains("Open: confirm patient 551209 for book_appointment with the caller "
                + "before acting on it (read back in turn 4)."), system(readBack));

        server.then(ReplayServer.stream(OpenAiWire.toolCall("call_2", "book_appointment",
                "{\"patient\":\"551209\"}")));
        server.then(ReplayServer.stream(OpenAiWire.answer("He's booked for Tuesday at 10 am.")));
        assertEquals("He's booked for Tuesday at 10 am.", say(5, "yes that's right", 0.9f).text());
        assertEquals(1, clinic.bookingRequests.get());
        List<JsonNode> requests = turnRequests();
        assertTrue(system(requests.get(5)).contains("Open: confirm patient 551209"),
                "the caller's yes answers the open read-back:\n" + system(requests.get(5)));
        assertFalse(system(requests.get(6)).contains("confirm patient"), "the booking ran: nothing left to confirm:\n"
                + system(requests.get(6)));
    }
}
