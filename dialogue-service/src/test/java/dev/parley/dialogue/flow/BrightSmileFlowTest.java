package dev.parley.dialogue.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.support.WebhookServer;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dental clinic demo tenant on its real files: its own voice and knowledge, and check-ups booked through the
 * clinic's webhook, a real HTTP server that checks the request signature.
 */
class BrightSmileFlowTest {

    static final String FILLER = "Let me check the diary for you. ";
    static final String UNAVAILABLE =
            "I'm so sorry, I can't reach our booking system right now. Could you call back in a few minutes?";

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ClinicWebhook clinic;
    final Brain brain;

    BrightSmileFlowTest() throws Exception {
        clinic = new ClinicWebhook();
        brain = Tenants.load("brightsmile", events, clinic.env()).brain();
    }

    @AfterEach
    void stop() {
        clinic.close();
    }

    /**
     * What was said past the filler: whether the filler came first depends on how fast the local clinic answered on
     * a loaded machine (the filler delay is 400 ms), which the tests using this are not about.
     */
    static String pastFiller(Answer answer) {
        String said = answer.text();
        return said.startsWith(FILLER) ? said.substring(FILLER.length()) : said;
    }

    static Conversation call() {
        return new Conversation("brightsmile", UUID.randomUUID().toString(), Map.of());
    }

    @Test
    void booksACheckUpThroughTheSignedWebhookOnceEvenWhenAskedTwice() throws Exception {
        Conversation call = call();
        assertEquals("Happy to get you booked in! What's your six digit patient number?",
                Answer.say(brain, call, 1, "I'd like to book an appointment").text());
        String booked = pastFiller(Answer.say(brain, call, 2, "five five zero zero one two"));
        assertEquals("Wonderful, Tom! You're booked for Tuesday at 10 am with Doctor Patel. We can't wait to see you.",
                booked);
        String again = pastFiller(Answer.say(brain, call(), 1,
                "can I make an appointment, my patient number is 550012"));
        assertEquals(booked, again);

        WebhookServer.Received request = clinic.server().received().get(0);
        assertTrue(request.signed(), "the request carries a valid X-Parley-Signature");
        assertEquals("POST", request.method());
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertEquals("book_appointment", body.get("tool").asText());
        assertEquals("brightsmile", body.get("tenant").asText());
        assertEquals(call.callId(), body.get("callId").asText());
        assertEquals("550012", body.at("/arguments/patient").asText());
        assertEquals(body.get("idempotencyKey").asText(), request.header("Idempotency-Key"));
        ToolInvoked run = events.ofCall(ToolInvoked.class, call.callId()).get(0);
        // brightsmile redacts its patient slot in what it publishes; the clinic got the number itself (above).
        assertEquals(Map.of("patient", Redactor.MASK), run.arguments());
        assertTrue(run.ok());
    }

    @Test
    void anUnknownPatientIsAskedAgain() {
        String a = pastFiller(Answer.say(brain, call(), 1, "book me in for a cleaning, patient number 111111"));
        assertEquals("Hmm, I couldn't find patient number 1 1 1 1 1 1. Could you check it and tell me again?", a);
    }

    @Test
    void aSlowBookingSaysTheToolsFillerFirstThenTheAnswer() {
        clinic.hold();
        Conversation call = call();
        AssertSubscriber<BrainOutput> turn = brain.respond(call,
                        TurnInput.speech(1, "book me in for a cleaning, patient number 731104"))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        turn.awaitItems(1, Duration.ofSeconds(20));
        assertEquals(List.of(new BrainOutput.Text(FILLER)), turn.getItems(), "only the filler while the tool works");
        clinic.release();
        turn.awaitCompletion(Duration.ofSeconds(20));
        String said = new Answer(turn.getItems()).text();
        assertEquals(FILLER + "Wonderful, Priya! You're booked for Tuesday at 10 am with Doctor Patel. "
                + "We can't wait to see you.", said);
        assertEquals(said, call.lastAgentTurn().orElseThrow().generatedText(), "history holds filler and answer");
    }

    @Test
    void aBookingSystemThatFailsGetsASpokenApologyNotSilence() {
        clinic.server().answer(WebhookServer.json(500, "{\"error\":\"database down\"}"));
        Answer a = Answer.say(brain, call(), 1, "book me in for a cleaning, patient number 731104");
        assertEquals(UNAVAILABLE, pastFiller(a));
        assertEquals("flow", a.brain());
        assertFalse(events.ofType(ToolInvoked.class).get(0).ok());
    }

    @Test
    void withoutASigningSecretNoRequestLeavesAndTheCallerHearsAnApology() {
        Brain unsigned = Tenants.load("brightsmile", events,
                Map.of("PARLEY_BRIGHTSMILE_BOOKING_URL", clinic.url())).brain();
        Answer a = Answer.say(unsigned, call(), 1, "book me in for a cleaning, patient number 731104");
        assertEquals(UNAVAILABLE, a.text());
        assertEquals(List.of(), clinic.server().received());
    }

    @Test
    void answersFromItsOwnKnowledgeAndTransfersEmergencies() {
        assertTrue(Answer.say(brain, call(), 1, "what are your opening hours").text().contains("8 am to 5 pm"));
        assertTrue(Answer.say(brain, call(), 1, "how much is teeth whitening").text().contains("350 dollars"));
        Answer pain = Answer.say(brain, call(), 1, "I have a terrible toothache");
        assertEquals(List.of(new BrainOutput.Transfer("sip:oncall@brightsmile.example", "dental emergency")),
                pain.actions());
    }
}
