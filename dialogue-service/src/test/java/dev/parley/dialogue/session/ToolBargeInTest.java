package dev.parley.dialogue.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.context.CallFacts;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.LlmTenants;
import dev.parley.dialogue.support.OpenAiWire;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.ReplayServer;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.tenant.Tenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A barge-in while a tool works, through the call's stream as the gateway drives it. A booking (not interruptible)
 * completes anyway, its result stays with the call and is never booked again; an interruptible lookup is abandoned
 * and its request aborted.
 */
class ToolBargeInTest {

    static final String FILLER = "Let me check the diary for you. ";

    final RecordingEventPublisher events = new RecordingEventPublisher();
    final ClinicWebhook clinic;
    final ReplayServer llm;
    DialogueCall call;
    CallSession session;

    ToolBargeInTest() throws Exception {
        clinic = new ClinicWebhook();
        llm = new ReplayServer();
    }

    @AfterEach
    void stop() {
        if (call != null) {
            call.close();
        }
        clinic.close();
        llm.close();
    }

    void open(Tenant tenant) {
        call = new DialogueCall(tenant);
        session = call.session;
    }

    List<DialogueResponse> ofTurn(long id) {
        return call.ofTurn(id);
    }

    void eventually(BooleanSupplier condition) {
        call.eventually(condition);
    }

    List<String> facts() {
        Conversation c = call.conversation();
        return c.brainState(CallFacts.KEY, CallFacts.class, CallFacts::new).lines();
    }

    @Test
    void aBookingInterruptedByTheCallerStillCompletesAndIsNotMadeTwice() {
        clinic.hold();
        open(Tenants.load("brightsmile", events, clinic.env()));

        session.onRequest(CallSessionTest.turn(1, "book me in for a check up, my patient number is 482913"));
        eventually(() -> !ofTurn(1).isEmpty());
        assertEquals(FILLER, ofTurn(1).get(0).getTextDelta());
        session.onRequest(CallSessionTest.cancel(1)); // the caller talks over the filler
        clinic.release();
        eventually(() -> facts().stream().anyMatch(f -> f.contains("Tuesday")));
        assertEquals(1, ofTurn(1).size(), "nothing more of the interrupted turn is sent: " + ofTurn(1));
        assertTrue(events.ofType(ToolInvoked.class).get(0).ok(), "the booking ran to its end");

        session.onRequest(CallSessionTest.turn(2, "sorry, did that go through? book me in, patient number 482913"));
        eventually(() -> ofTurn(2).stream().anyMatch(DialogueResponse::hasDone));
        assertEquals("Wonderful, Maria! You're booked for Tuesday at 10 am with Doctor Patel. "
                + "We can't wait to see you.", CallSessionTest.text(ofTurn(2)));
        assertEquals(1, clinic.server().received().size(), "the booking is never re-run");
    }

    @Test
    void anLlmTurnInterruptedDuringABookingFindsTheBookingInTheNextPrompt() {
        clinic.hold();
        open(LlmTenants.load("brightsmile", LlmTenants.brainYaml("openai", llm.baseUrl() + "/v1", ""), events,
                clinic.env()));
        llm.then(ReplayServer.stream(OpenAiWire.toolCall("call_1", "book_appointment", "{\"patient\":\"482913\"}")));
        session.onRequest(CallSessionTest.turn(1, "book me a check up, patient 482913"));
        eventually(() -> !ofTurn(1).isEmpty());
        assertEquals(FILLER, ofTurn(1).get(0).getTextDelta());
        session.onRequest(CallSessionTest.cancel(1));
        clinic.release();
        eventually(() -> facts().stream().anyMatch(f -> f.contains("Tuesday")));

        llm.then(ReplayServer.stream(OpenAiWire.answer("Yes, you're booked for Tuesday at 10 am.")));
        session.onRequest(CallSessionTest.turn(2, "did the booking go through"));
        eventually(() -> ofTurn(2).stream().anyMatch(DialogueResponse::hasDone));
        JsonNode prompt = llm.received().get(1).body();
        assertTrue(prompt.at("/messages/0/content").asText().contains(
                "book_appointment {patient=482913} -> {\"found\":true,\"day\":\"Tuesday\""), prompt.toString());
        assertEquals(1, clinic.bookingRequests.get());
    }

    @Test
    void anInterruptibleLookupIsAbandonedWithTheTurn() throws Exception {
        Path dir = Tenants.copy("brightsmile");
        Files.writeString(dir.resolve("tenant.yaml"), Files.readString(dir.resolve("tenant.yaml"))
                .replace("interruptible: false", "interruptible: true"));
        clinic.server().answer(clinic.server().holdUntilGone());
        open(Tenants.load(dir, events, clinic.env()));

        session.onRequest(CallSessionTest.turn(1, "book me in for a check up, my patient number is 482913"));
        eventually(() -> !ofTurn(1).isEmpty());
        session.onRequest(CallSessionTest.cancel(1));
        assertTrue(clinic.server().clientGone.await(10, TimeUnit.SECONDS), "the lookup's request is still open");
        assertTrue(facts().isEmpty());
    }
}
