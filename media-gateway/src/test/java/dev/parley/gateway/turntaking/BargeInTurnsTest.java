package dev.parley.gateway.turntaking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caller's sounds while the agent holds the floor: interruptions, false ones, echo, keys. */
class BargeInTurnsTest {
    /** The agent is answering the caller's first turn. */
    private final TurnTakingHarness call = answering();

    private static TurnTakingHarness answering() {
        TurnTakingHarness h = new TurnTakingHarness(TurnTakingHarness.defaults()).agentDone();
        h.speech(900).partial("what are your opening hours").silence(256).finalForLastFlush("what are your opening hours");
        h.commands.clear();
        return h;
    }

    @Test
    void theAgentStopsAtTheFirstFrameOfCallerSpeech() {
        call.silence(500).speech(32);
        assertEquals(List.of("pause"), call.commands);
        assertEquals(TurnTaking.Floor.AGENT_PAUSED, call.machine.floor());
    }

    @Test
    void theAgentsOwnVoiceComingBackLoudIsNoOnset() {
        call.silence(500);
        call.machine.onFrame(call.now + 32, 0.05f, 40, true);
        assertEquals(List.of(), call.commands);
        call.frame(0.05f, 40);
        assertEquals(List.of("pause"), call.commands, "the same rise from the caller stops the agent");
    }

    @Test
    void wordsThatAskForTheFloorInterruptAtOnce() {
        call.speech(200).partial("wait");
        assertEquals(List.of("pause", "interrupt", "caller speaking"), call.commands);
        assertEquals(TurnTaking.Floor.CALLER, call.machine.floor());
        call.speech(400).silence(416).finalForLastFlush("wait i meant the other store");
        assertEquals("wait i meant the other store", call.turns.get(1).text());
    }

    @Test
    void twoWordsWithMeaningInterrupt() {
        call.speech(300).partial("oh okay");
        assertFalse(call.said("interrupt"), "two backchannel words are not an interruption");
        call.partial("oh okay what about");
        assertTrue(call.said("interrupt"));
    }

    @Test
    void longSpeechInterruptsEvenBeforeStTHasWords() {
        call.speech(864);
        assertFalse(call.said("interrupt"));
        call.speech(64);
        assertTrue(call.said("interrupt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mhm", "im hm", "okay", "yeah", "uh huh", "right"})
    void aBackchannelIsAFalseInterruptionAndTheAgentResumes(String words) {
        call.speech(320).partial(words).silence(256);
        assertEquals(List.of("pause", "resume", "flush 2"), call.commands, words);
        assertEquals(TurnTaking.Floor.AGENT, call.machine.floor());
        // Its words are not the start of the caller's next turn.
        call.finalForLastFlush(words).agentDone().speech(700).silence(416).finalForLastFlush("thanks");
        assertEquals("thanks", call.turns.get(1).text());
    }

    @Test
    void aWaitHeardAfterItsPauseWasReleasedStillInterrupts() {
        // "wait," then a breath longer than the release: STT's words come after the agent went on.
        call.speech(320).silence(256);
        assertEquals(List.of("pause", "resume", "flush 2"), call.commands);
        call.idle(300).partial("wait");
        assertTrue(call.said("interrupt"), "a late partial: " + call.commands);
        assertEquals(TurnTaking.Floor.CALLER, call.machine.floor());
    }

    @Test
    void theFinalOfAReleasedPauseInterruptsWhenItsWordsAskForTheFloor() {
        call.speech(320).silence(256).idle(300).finalForLastFlush("no no");
        assertTrue(call.said("interrupt"), call.commands.toString());
    }

    @Test
    void lateWordsOfABackchannelOrLongAfterTheReleaseDoNotInterrupt() {
        call.speech(320).silence(256).idle(300).partial("okay").finalForLastFlush("okay");
        assertFalse(call.said("interrupt"), "a backchannel heard late: " + call.commands);
        TurnTakingHarness later = answering();
        later.speech(320).silence(256).idle(TurnTaking.LATE_WORDS_MS + 100).partial("wait");
        assertFalse(later.said("interrupt"), "words too long after the release: " + later.commands);
        TurnTakingHarness echo = answering();
        echo.speech(320).silence(256).partialOfAgentsOwnWords("wait a moment");
        assertFalse(echo.said("interrupt"), "the agent's own words coming back: " + echo.commands);
    }

    @Test
    void aCoughOrAKnockIsAFalseInterruption() {
        call.speech(96).silence(256);
        assertEquals(List.of("pause", "resume", "flush 2"), call.commands);
    }

    @Test
    void theAgentResumesOnceTheNoiseHasBeenQuietForTheReleaseTime() {
        call.speech(160);
        call.silence(192);
        assertFalse(call.said("resume"));
        call.silence(32);
        assertTrue(call.said("resume"));
    }

    @Test
    void theAgentsOwnVoiceComingBackIsNoInterruption() {
        call.echo(2000);
        assertTrue(call.commands.isEmpty(), call.commands.toString());
        call.speech(64).partialOfAgentsOwnWords("we are open monday");
        assertFalse(call.said("interrupt"));
    }

    @Test
    void keysCutTheAgentShortAndAreATurnOfTheirOwn() {
        call.machine.onDtmf(call.now, "4");
        assertEquals(List.of("interrupt", "turn: 4"), call.commands);
        assertEquals("dtmf", call.turns.get(1).source());
        assertEquals(TurnTaking.Floor.AGENT, call.machine.floor());
    }

    @Test
    void pushToTalkTakesTheFloorFromTheAgent() {
        call.machine.onTalkPressed(call.now);
        assertEquals(List.of("interrupt", "caller speaking"), call.commands);
        assertEquals(TurnTaking.Floor.CALLER, call.machine.floor());
    }

    @Test
    void theCallerKeepsTheFloorIfTheAgentFinishesWhileTheyTalk() {
        call.speech(200).partial("so");
        call.machine.onAgentDone(call.now);
        assertEquals(TurnTaking.Floor.CALLER, call.machine.floor());
        call.speech(600).silence(416).finalForLastFlush("so what about sundays");
        assertEquals("so what about sundays", call.turns.get(1).text());
    }

    @Test
    void silenceAfterTheAgentFinishesLeavesTheFloorOpen() {
        call.silence(300).agentDone();
        assertEquals(TurnTaking.Floor.OPEN, call.machine.floor());
        assertTrue(call.commands.isEmpty());
    }
}
