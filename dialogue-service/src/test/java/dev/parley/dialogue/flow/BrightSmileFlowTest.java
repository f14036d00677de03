package dev.parley.dialogue.flow;

import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.Answer;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dental clinic demo tenant on its real files: its own voice, knowledge and booking tool. */
class BrightSmileFlowTest {

    static Brain brain;

    @BeforeAll
    static void load() {
        brain = Tenants.load("brightsmile", new RecordingEventPublisher()).brain();
    }

    static Conversation call() {
        return new Conversation("brightsmile", UUID.randomUUID().toString(), Map.of());
    }

    @Test
    void booksACheckUpForAKnownPatientOnceEvenWhenAskedTwice() {
        Conversation call = call();
        assertEquals("Happy to get you booked in! What's your six digit patient number?",
                Answer.say(brain, call, 1, "I'd like to book an appointment").text());
        String booked = Answer.say(brain, call, 2, "five five zero zero one two").text();
        assertTrue(booked.startsWith("Wonderful, Tom! You're booked for "), booked);
        String again = Answer.say(brain, call(), 1, "can I make an appointment, my patient number is 550012").text();
        assertEquals(booked, again);
    }

    @Test
    void anUnknownPatientIsAskedAgain() {
        String a = Answer.say(brain, call(), 1, "book me in for a cleaning, patient number 111111").text();
        assertEquals("Hmm, I couldn't find patient number 1 1 1 1 1 1. Could you check it and tell me again?", a);
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
