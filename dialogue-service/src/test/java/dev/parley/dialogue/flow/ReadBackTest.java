package dev.parley.dialogue.flow;

import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * High-consequence values heard with low recognizer confidence are read back before a tool acts on them — and only
 * then: a clearly heard number, or one the caller already confirmed, goes straight through.
 */
class ReadBackTest {

    static final float CLEAR = 0.97f;
    static final float UNSURE = 0.55f;
    static final String READ_BACK_1234 = "Just to check, that's order 1 2 3 4?";
    static final String SHIPPED_1234 = "Order 1 2 3 4 has shipped and is arriving on Friday.";

    static final RecordingEventPublisher events = new RecordingEventPublisher();
    static Brain acme;
    final Conversation call = new Conversation("acme", UUID.randomUUID().toString(), Map.of());
    ClinicWebhook clinic;
    long turn;

    @BeforeAll
    static void load() {
        acme = Tenants.load("acme", events).brain();
    }

    int lookups() {
        return events.ofCall(ToolInvoked.class, call.callId()).size();
    }

    @AfterEach
    void stop() {
        if (clinic != null) {
            clinic.close();
        }
    }

    String say(Brain brain, String text, Float confidence) {
        return Answer.of(brain, call, TurnInput.speech(++turn, text, confidence)).text();
    }

    String say(String text, Float confidence) {
        return say(acme, text, confidence);
    }

    @Test
    void aClearlyHeardOrUnratedNumberIsLookedUpAtOnce() {
        assertEquals(SHIPPED_1234, say("where is my order one two three four", CLEAR));
        assertEquals(SHIPPED_1234, say("where is my order one two three four", null));
    }

    @Test
    void anUnsureNumberIsReadBackAndLookedUpOnlyAfterYes() {
        assertEquals(READ_BACK_1234, say("where is my order one two three four", UNSURE));
        assertEquals(0, lookups(), "nothing is looked up before the caller confirms");
        assertEquals(SHIPPED_1234, say("yes", UNSURE));
        assertEquals(1, lookups());
    }

    @Test
    void noAsksAgainAndTheNewNumberIsUsed() {
        assertEquals(READ_BACK_1234, say("where is my order one two three four", UNSURE));
        assertEquals("Okay, what's your order number?", say("no", CLEAR));
        assertEquals("Order 5 6 7 8 is still being packed and ships tomorrow.", say("five six seven eight", CLEAR));
    }

    @Test
    void aCorrectionInTheReplyReplacesTheValueAndIsReadBackIfStillUnsure() {
        assertEquals(READ_BACK_1234, say("where is my order one two three four", UNSURE));
        assertEquals("Just to check, that's order 5 6 7 8?", say("no it's five six seven eight", UNSURE));
        assertEquals("Order 5 6 7 8 is still being packed and ships tomorrow.", say("five six seven eight", UNSURE));
    }

    @Test
    void aConfirmedValueIsNotReadBackAgainInTheSameCall() {
        say("where is my order one two three four", UNSURE);
        say("yes that's right", CLEAR);
        assertEquals(SHIPPED_1234, say("and where is order one two three four now", UNSURE));
    }

    @Test
    void digitsSpreadOverTurnsKeepTheLowestConfidence() {
        assertTrue(say("where is my order one two", UNSURE).contains("remaining digits"));
        assertEquals(READ_BACK_1234, say("three four", CLEAR));
    }

    @Test
    void keysSettleAReadBack() {
        assertEquals(READ_BACK_1234, say("where is my order one two three four", UNSURE));
        assertEquals("Order 9 0 1 2 was delivered on Monday.", Answer.keys(acme, call, ++turn, "9012").text());
    }

    @Test
    void theCallerMayMoveOnInsteadOfAnswering() {
        assertEquals(READ_BACK_1234, say("where is my order one two three four", UNSURE));
        assertTrue(say("actually, what are your opening hours?", CLEAR).contains("9 am to 6 pm"));
        assertEquals(0, lookups());
    }

    @Test
    void anUnclearReplyGetsTheQuestionAgain() {
        assertEquals(READ_BACK_1234, say("where is my order one two three four", UNSURE));
        assertEquals(READ_BACK_1234, say("hmm", UNSURE));
    }

    @Test
    void aBookingIsMadeOnlyOnceThePatientNumberIsConfirmed() throws Exception {
        clinic = new ClinicWebhook();
        Brain dental = Tenants.load("brightsmile", events, clinic.env()).brain();
        assertEquals("Just to check, that's patient number 4 8 2 9 1 3?",
                say(dental, "my patient number is four eight two nine one three, I'd like a check up", UNSURE));
        assertEquals(0, clinic.bookingRequests.get());
        assertTrue(say(dental, "yes", UNSURE).startsWith("Wonderful, Maria!"));
        assertEquals(1, clinic.bookingRequests.get());
    }
}
