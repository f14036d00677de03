package dev.parley.dialogue.flow;

import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.ClinicWebhook;
import dev.parley.dialogue.support.Heard;
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
 * then: a clearly heard number, or one the caller already confirmed, goes straight through. When the recognizer's words
 * are known, the number's own words decide, not the turn's mean.
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

    String say(TurnInput heard) {
        return Answer.of(acme, call, heard).text();
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
    void oneWeakDigitIsReadBackThoughTheTurnsMeanIsHigh() {
        TurnInput heard = Heard.speech(++turn, "my order number is one two@0.55 three four", 0.99f);
        assertEquals(0.93f, heard.confidence(), 0.01f);
        assertEquals(READ_BACK_1234, say(heard));
        assertEquals(0, lookups());
        assertEquals(SHIPPED_1234, say(Heard.speech(++turn, "yes", 0.98f)));
    }

    @Test
    void aNumberWhoseWordsWereAllHeardClearlyIsLookedUpAtOnce() {
        assertEquals(SHIPPED_1234, say(Heard.speech(++turn, "where is my order one@0.81 two@0.82 three four", 0.9f)));
    }

    @Test
    void poorlyHeardWordsOutsideTheNumberDoNotCauseAReadBack() {
        TurnInput heard = Heard.speech(++turn, "um@0.2 where@0.45 is my order one two three four", 0.9f);
        assertTrue(heard.confidence() < 0.8f, "the turn's mean alone would read it back: " + heard.confidence());
        assertEquals(SHIPPED_1234, say(heard));
    }

    @Test
    void aDigitTheRecognizerWroteAsAHomophoneIsOneOfTheNumbersWords() {
        assertEquals(READ_BACK_1234, say(Heard.speech(++turn, "where is my order one too@0.6 three four", 0.97f)));
    }

    @Test
    void aNumberGivenOverTwoTurnsIsReadBackIfAnyOfItsDigitWordsWasWeak() {
        assertTrue(say(Heard.speech(++turn, "where is my order one two", 0.95f)).contains("remaining digits"));
        assertEquals(READ_BACK_1234, say(Heard.speech(++turn, "um@0.3 three four@0.6", 0.95f)));
    }

    @Test
    void aCorrectionHeardClearlyAfterAReadBackIsLookedUp() {
        assertEquals(READ_BACK_1234, say(Heard.speech(++turn, "where is my order one two three@0.5 four", 0.95f)));
        assertEquals("Order 5 6 7 8 is still being packed and ships tomorrow.",
                say(Heard.speech(++turn, "no@0.4 it's@0.5 five six seven eight", 0.92f)));
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
        // Contains, not starts with: on a busy machine the booking may take longer than the filler delay.
        String yes = say(dental, "yes", UNSURE);
        assertTrue(yes.contains("Wonderful, Maria!"), yes);
        assertEquals(1, clinic.bookingRequests.get());
    }

    @Test
    void aBookingWaitsForAPatientNumberWithOneWeakDigitThoughTheSentenceWasClear() throws Exception {
        clinic = new ClinicWebhook();
        Brain dental = Tenants.load("brightsmile", events, clinic.env()).brain();
        TurnInput heard = Heard.speech(++turn,
                "my patient number is four eight two nine@0.58 one three I'd like a check up", 0.98f);
        assertTrue(heard.confidence() > 0.95f, String.valueOf(heard.confidence()));
        assertEquals("Just to check, that's patient number 4 8 2 9 1 3?", Answer.of(dental, call, heard).text());
        assertEquals(0, clinic.bookingRequests.get());
    }
}
