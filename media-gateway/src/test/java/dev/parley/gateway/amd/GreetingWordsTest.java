package dev.parley.gateway.amd;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The word cues on transcripts as Vosk writes them (lower case, no punctuation) and as people type them. */
class GreetingWordsTest {
    private static GreetingWords.Side side(String text) {
        return GreetingWords.cue(text).map(GreetingWords.Match::side).orElse(null);
    }

    @Test
    void whatVoicemailGreetingsExistToSayIsAMachine() {
        for (String text : new String[]{"hi its dana leave me a message", "please leave your name and number",
                "speak after the beep", "sorry i cant take your call", "i am unable to answer the phone",
                "the person you are calling is not available", "this is the voicemail of pat",
                "youve reached the front desk", "You've reached Pat.", "ill get back to you",
                "and we will call you back", "please record your message"}) {
            assertEquals(GreetingWords.Side.MACHINE, side(text), text);
        }
    }

    @Test
    void aPersonTalksToTheCaller() {
        for (String text : new String[]{"hello who is this", "yeah whos calling", "Hi, how can I help?",
                "hello what can i do for you", "who am i speaking to", "hello dave speaking", "yes speaking",
                "are you calling about the car", "hi is this the school", "yeah what is it", "hello can you hear me"}) {
            assertEquals(GreetingWords.Side.HUMAN, side(text), text);
        }
    }

    @Test
    void whatAnyoneSaysOnPickingUpIsNoCue() {
        for (String text : new String[]{"hello", "yes", "hi this is sam", "hello jones residence", "yeah go ahead",
                "leaving now", "i can hear you", "you are speaking to the automated line",
                "please start speaking now", ""}) {
            assertEquals(Optional.empty(), GreetingWords.cue(text), text);
        }
    }

    @Test
    void aMachineCueOutweighsAPersonsOne() {
        GreetingWords.Match match = GreetingWords.cue("who is calling please leave a message").orElseThrow();
        assertEquals(GreetingWords.Side.MACHINE, match.side());
        assertTrue(match.words().startsWith("leave"), match.words());
    }
}
