package dev.parley.dialogue.llm;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.Heard;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.tenant.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An LLM may not book on a patient number the recognizer was unsure of until it has been read back: the tool does
 * not run, the model is told to ask, and its call after the caller's answer runs. Clear numbers book at once. With the
 * recognizer's words known, the number's own words decide, not the turn's mean.
 */
class LlmReadBackTest {

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ReplayServer server;
    final ClinicWebhook clinic;
    final Tenant dental;
    final Conversation call = new Conversation("brightsmile", "c-rb", Map.of());

    LlmReadBackTest() throws Exception {
        server = new ReplayServer();
        clinic = new ClinicWebhook();
        dental = LlmTenants.load("brightsmile", LlmTenants.brainYaml("openai", server.baseUrl() + "/v1", ""), events,
                clinic.env());
    }

    @AfterEach
    void stop() {
        server.close();
        clinic.close();
    }

    Answer say(long turn, String text, float confidence) {
        return Answer.of(dental.brain(), call, TurnInput.speech(turn, text, confidence));
    }

    void modelBooks(String id) {
        server.then(ReplayServer.stream(OpenAiWire.toolCall(id, "book_appointment", "{\"patient\":\"482913\"}")));
    }

    @Test
    void anUnsurePatientNumberIsReadBackBeforeTheModelMayBook() {
        modelBooks("call_1");
        server.then(ReplayServer.stream(OpenAiWire.answer("Just to check, is that 4 8 2 9 1 3?")));
        assertEquals("Just to check, is that 4 8 2 9 1 3?",
                say(1, "book me a check up, my patient number is four eight two nine one three", 0.5f).text());
        assertEquals(0, clinic.bookingRequests.get(), "no booking before the caller confirms");
        String told = server.received().get(1).body().at("/messages").toString();
        assertTrue(told.contains("not run") && told.contains("Read it back"), told);

        modelBooks("call_2");
        server.then(ReplayServer.stream(OpenAiWire.answer("You're booked for Tuesday at 10 am.")));
        assertEquals("You're booked for Tuesday at 10 am.", say(2, "yes", 0.6f).text());
        assertEquals(1, clinic.bookingRequests.get());
    }

    @Test
    void theValueIsTracedToTheTurnItWasHeardIn() {
        server.then(ReplayServer.stream(OpenAiWire.answer("Thanks. What can I do for you?")));
        say(1, "my patient number is four eight two nine one three", 0.5f);
        modelBooks("call_1");
        server.then(ReplayServer.stream(OpenAiWire.answer("Just to check, is that 4 8 2 9 1 3?")));
        say(2, "I'd like to book a check up please", 0.98f);
        assertEquals(0, clinic.bookingRequests.get(), "the number came from an unclear turn");
    }

    @Test
    void oneWeakDigitHoldsTheBookingThoughTheTurnsMeanIsHigh() {
        modelBooks("call_1");
        server.then(ReplayServer.stream(OpenAiWire.answer("Just to check, is that 4 8 2 9 1 3?")));
        TurnInput heard = Heard.speech(1,
                "book me a check up my patient number is four eight two@0.55 nine one three", 0.98f);
        assertTrue(heard.confidence() > 0.93f, String.valueOf(heard.confidence()));
        assertEquals("Just to check, is that 4 8 2 9 1 3?", Answer.of(dental.brain(), call, heard).text());
        assertEquals(0, clinic.bookingRequests.get(), "no booking before the caller confirms");
    }

    @Test
    void mumbledWordsAroundAClearNumberDoNotHoldTheBooking() {
        modelBooks("call_1");
        server.then(ReplayServer.stream(OpenAiWire.answer("You're booked for Tuesday at 10 am.")));
        TurnInput heard = Heard.speech(1,
                "um@0.2 so@0.4 book me a check up my patient number is four eight two nine one three", 0.86f);
        assertTrue(heard.confidence() < 0.8f, "the turn's mean alone would hold it: " + heard.confidence());
        assertEquals("You're booked for Tuesday at 10 am.", Answer.of(dental.brain(), call, heard).text());
        assertEquals(1, clinic.bookingRequests.get());
    }

    @Test
    void aClearlyHeardNumberBooksAtOnce() {
        modelBooks("call_1");
        server.then(ReplayServer.stream(OpenAiWire.answer("You're booked for Tuesday at 10 am.")));
        assertEquals("You're booked for Tuesday at 10 am.",
                say(1, "book me a check up, my patient number is four eight two nine one three", 0.95f).text());
        assertEquals(1, clinic.bookingRequests.get());
    }
}
