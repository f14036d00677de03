package dev.parley.dialogue.flow;

import dev.parley.contracts.events.ToolInvoked;
import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dialogue repair on the demo shop's real files: asides, goodbyes, loops, misses and clarifying questions. */
class RepairTest {

    static final String ASK = "Sure, I can check that for you. What's your order number?";
    static final String REASK = "Okay, what's your order number?";
    static final String READ_BACK = "Just to check, that's order 9 0 1 2?";
    static final String FALLBACK = AcmeFlowTest.FALLBACK;
    static final String OPTIONS = "I can check an order's status, or tell you about our opening hours, returns, "
            + "shipping and payment. Or I can put you through to a colleague.";
    static final String DELIVERED = "Order 9 0 1 2 was delivered on Monday.";

    static RecordingEventPublisher events;
    static Brain acme;

    Conversation call;
    long turn;

    @BeforeAll
    static void load() {
        events = new RecordingEventPublisher();
        acme = Tenants.load("acme", events).brain();
    }

    @BeforeEach
    void newCall() {
        call = new Conversation("acme", UUID.randomUUID().toString(), Map.of());
        turn = 0;
    }

    Answer say(String text) {
        return Answer.of(acme, call, TurnInput.speech(++turn, text));
    }

    Answer unsure(String text) {
        return Answer.of(acme, call, TurnInput.speech(++turn, text, 0.5f));
    }

    @Test
    void aQuestionWhileASlotIsPendingIsAnsweredThenTheSlotIsAskedAgain() {
        assertEquals(ASK, say("where is my order").text());
        String aside = say("what time do you close on friday").text();
        assertTrue(aside.contains("9 am to 6 pm") && aside.endsWith(REASK), aside);
        assertEquals(DELIVERED, say("nine zero one two").text());
    }

    @Test
    void aQuestionDuringAReadBackIsAnsweredThenTheValueIsReadBackAgain() {
        assertEquals(READ_BACK, unsure("where is order 9012").text());
        String aside = say("do you take paypal").text();
        assertTrue(aside.contains("PayPal") && aside.endsWith(READ_BACK), aside);
        assertEquals(DELIVERED, say("yes").text());
    }

    @Test
    void aCallerWhoMovesOnTwiceLeavesThePendingItem() {
        say("where is my order");
        say("what time do you close on friday");
        assertEquals(FALLBACK, say("purple elephants dance at midnight").text());
        assertTrue(say("do you take paypal").text().contains("PayPal"), "nothing pending: no prompt after it");
    }

    @Test
    void aGoodbyeEndsTheCallWhateverIsPending() {
        say("where is my order");
        Answer slot = say("never mind, goodbye");
        assertInstanceOf(BrainOutput.EndCall.class, slot.actions().get(0));
        newCall();
        unsure("where is order 9012");
        Answer readBack = say("no thanks, bye");
        assertEquals("Thanks for calling Acme. Goodbye!", readBack.text());
        assertInstanceOf(BrainOutput.EndCall.class, readBack.actions().get(0));
        assertTrue(events.ofCall(ToolInvoked.class, call.callId()).isEmpty());
    }

    @Test
    void aReadBackIsNeverSaidAThirdTimeInARow() {
        assertEquals(READ_BACK, unsure("where is order 9012").text());
        assertEquals(READ_BACK, say("hmm").text());
        String third = say("hmm").text();
        assertNotEquals(READ_BACK, third);
        assertEquals(OPTIONS, third, "two misses in a row: the options, and the read-back is dropped");
        assertTrue(events.ofCall(ToolInvoked.class, call.callId()).isEmpty());
    }

    @Test
    void aSlotPromptIsNeverSaidAThirdTimeAndMissesGetTheOptions() {
        assertEquals(ASK, say("where is my order").text());
        assertEquals(REASK, say("hmm let me see").text());
        assertEquals(OPTIONS, say("uh").text());
    }

    @Test
    void twoMissesInARowGetTheOptionsAndNoLineIsSaidTwiceInARow() {
        assertEquals(FALLBACK, say("the purple elephant dances").text());
        assertEquals(OPTIONS, say("what's the capital of France").text());
        assertEquals(FALLBACK, say("what's the weather like in Paris").text());
        assertTrue(say("what are your opening hours").text().contains("9 am to 6 pm"));
        assertEquals(FALLBACK, say("the purple elephant dances").text(), "understood in between: counted afresh");
    }

    @Test
    void aWholeNumberRestatedReplacesThePartOneHeardBefore() {
        say("where is my order");
        assertTrue(say("five six").text().contains("5 6 so far"));
        assertEquals(DELIVERED, say("sorry, it's nine zero one two").text());
    }

    @Test
    void aNumberOneDigitShortIsTakenAsItsStart() {
        assertEquals("I have 9 0 1 so far. What are the remaining digits?", say("where is my order nine oh one").text());
        assertEquals(DELIVERED, say("two").text());
    }

    @Test
    void aYesToAClarifyingQuestionActsOnWhatItAskedAbout() {
        assertEquals("Just to be sure. Would you like to talk to a colleague?",
                say("can you pass me to an operator").text());
        Answer yes = say("yes please");
        assertEquals("Sure, I'll connect you with a colleague now.", yes.text());
        assertInstanceOf(BrainOutput.Transfer.class, yes.actions().get(0));
    }

    @Test
    void aYesThatAlsoGivesThePendingNumberFillsTheSlot() {
        assertEquals(ASK, say("where is my order").text());
        String clarifying = say("do you take diners club").text(); // a card brand the answer does not name
        assertTrue(clarifying.startsWith("Just to be sure. Is your question"), clarifying);
        assertEquals(DELIVERED, say("yes, it's nine zero one two").text());
    }

    @Test
    void aRephraseAfterAClarifyingQuestionIsMatchedAfresh() {
        say("can you pass me to an operator");
        assertTrue(say("no, I mean how long does delivery take").text().contains("3 to 5 business days"));
    }
}
