package dev.parley.gateway.turntaking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the caller's turn ends: endpointing, complete sentences, numbers read in groups, push-to-talk, STT trouble. */
class EndOfTurnTest {
    private final TurnTakingHarness call = new TurnTakingHarness(TurnTakingHarness.defaults()).agentDone();

    @Test
    void aCompleteQuestionEndsAfterTheShortSilenceWithItsFinalAskedForSooner() {
        call.speech(1200).partial("what are your opening hours").silence(96);
        assertFalse(call.commands.stream().anyMatch(c -> c.startsWith("flush")), call.commands.toString());
        call.silence(32);
        assertEquals("flush 1", call.commands.get(call.commands.size() - 1), "asked for 96 ms before the end");
        call.finalForLastFlush("what are your opening hours");
        assertTrue(call.turns.isEmpty(), "the short silence is not over yet");
        call.silence(96);
        UserTurn turn = call.onlyTurn();
        assertEquals("what are your opening hours", turn.text());
        assertEquals(TurnTaking.Floor.AGENT, call.machine.floor());
        // The end of speech is the last speech frame, not when the turn was decided.
        assertTrue(turn.decidedMs() - turn.endOfSpeechMs() >= 224 && turn.decidedMs() - turn.endOfSpeechMs() < 300,
                turn.toString());
    }

    @Test
    void aFinalArrivingAfterTheShortSilenceEndsTheTurnAtOnce() {
        call.speech(1200).partial("what are your opening hours").silence(320);
        assertTrue(call.turns.isEmpty());
        call.finalForLastFlush("what are your opening hours");
        assertEquals("what are your opening hours", call.onlyTurn().text());
    }

    @Test
    void aCallerWhoGoesOnAfterTheEarlyFlushKeepsOneTurn() {
        call.speech(1200).partial("what are your opening hours").silence(128);
        long early = call.lastFlush();
        call.speech(600).partial("on sunday");
        call.finalFor(early, "what are your opening hours");
        call.silence(416);
        assertTrue(call.lastFlush() > early, "the continuation is flushed too");
        call.finalForLastFlush("on sunday");
        call.silence(300);
        assertEquals("what are your opening hours on sunday", call.onlyTurn().text());
    }

    @Test
    void aCallerWhoGoesOnBeforeTheEarlyFinalArrivesKeepsOneTurnToo() {
        call.speech(1200).partial("what are your opening hours").silence(128);
        long early = call.lastFlush();
        call.speech(600).partial("on sunday").silence(416);
        call.finalFor(early, "what are your opening hours");
        assertTrue(call.turns.isEmpty(), call.commands.toString());
        call.finalForLastFlush("on sunday");
        assertEquals("what are your opening hours on sunday", call.onlyTurn().text());
    }

    @Test
    void aYesNoAnswerAndAWholeRequestAreAnsweredSoonerToo() {
        call.speech(500).partial("yes that's right").silence(256);
        assertTrue(call.said("flush 1"), call.commands.toString());
        TurnTakingHarness other = new TurnTakingHarness(TurnTakingHarness.defaults()).agentDone();
        other.speech(1500).partial("i'd like to book a check up").silence(256);
        assertTrue(other.said("flush 1"), other.commands.toString());
    }

    @Test
    void aStatementThatMayGoOnWaitsForTheFullEndpointing() {
        call.speech(1200).partial("i was looking at your website").silence(320);
        assertFalse(call.said("flush 1"), call.commands.toString());
        call.silence(96);
        assertTrue(call.said("flush 1"));
        call.finalForLastFlush("i was looking at your website");
        assertEquals("i was looking at your website", call.onlyTurn().text());
    }

    @ParameterizedTest
    @ValueSource(ints = {600, 800, 1000, 1200})
    void aNumberReadInTwoGroupsIsOneTurn(int pauseMs) {
        call.speech(1500).partial("my order number is four five");
        call.silence(416).finalForLastFlush("my order number is four five");
        call.silence(pauseMs - 416);
        assertTrue(call.turns.isEmpty(), "answered in a " + pauseMs + " ms pause: " + call.commands);
        call.speech(800).partial("six seven").silence(416).finalForLastFlush("six seven");
        call.silence(1500);
        assertEquals("my order number is four five six seven", call.onlyTurn().text());
    }

    @Test
    void aNumberIsAnsweredOnceTheCallerHasClearlyFinishedIt() {
        call.speech(1500).partial("my order number is four five six seven");
        call.silence(416).finalForLastFlush("my order number is four five six seven");
        call.silence(900);
        assertTrue(call.turns.isEmpty());
        call.silence(200);
        assertEquals("my order number is four five six seven", call.onlyTurn().text());
    }

    @Test
    void aNumberOfAsManyDigitsAsTheBrainExpectsIsAnsweredAfterTheShortSilence() {
        call.machine.onBrainExpects(Set.of(4));
        call.speech(1800).partial("where is my order one two three four").silence(128);
        assertTrue(call.said("flush 1"), "a whole number is a whole turn: " + call.commands);
        call.finalForLastFlush("where is my order one two three four").silence(96);
        UserTurn turn = call.onlyTurn();
        assertTrue(turn.decidedMs() - turn.endOfSpeechMs() < 300, turn.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {600, 1000, 1200})
    void fewerDigitsThanTheBrainExpectsAreWaitedOn(int pauseMs) {
        call.machine.onBrainExpects(Set.of(6));
        call.speech(1500).partial("my patient number is four five").silence(416)
                .finalForLastFlush("my patient number is four five");
        call.silence(pauseMs - 416);
        assertTrue(call.turns.isEmpty(), "answered in a " + pauseMs + " ms pause: " + call.commands);
        call.speech(800).partial("six seven").silence(416).finalForLastFlush("six seven").silence(800);
        assertTrue(call.turns.isEmpty(), "four of six digits: " + call.commands);
        call.speech(600).partial("eight nine").silence(256).finalForLastFlush("eight nine").silence(96);
        assertEquals("my patient number is four five six seven eight nine", call.onlyTurn().text());
    }

    @Test
    void speechStartingAsTheDictationWaitRunsOutIsWaitedFor() {
        call.speech(1500).silence(416).finalForLastFlush("my number is one two");
        // The next group starts just before the wait would end: two frames above the threshold are not yet
        // confirmed speech, but they hold the turn open.
        call.silence(1000 - 64 - 32).speech(64);
        assertTrue(call.turns.isEmpty(), call.commands.toString());
        call.speech(600).silence(416).finalForLastFlush("three four");
        call.silence(1200);
        assertEquals("my number is one two three four", call.onlyTurn().text());
    }

    @Test
    void aFinalThatArrivesAfterTheCallerSpokeAgainStaysInTheSameTurn() {
        call.speech(1000).silence(416);
        long first = call.lastFlush();
        call.speech(700);
        call.finalFor(first, "i need help with");
        assertTrue(call.turns.isEmpty());
        call.silence(416).finalForLastFlush("my delivery please");
        assertEquals("i need help with my delivery please", call.onlyTurn().text());
    }

    @Test
    void whenSttNeverAnswersAFlushTheTurnGoesWithThePartialTranscript() {
        call.speech(1000).partial("what time do you close").silence(416);
        assertTrue(call.turns.isEmpty());
        call.silence(1500);
        UserTurn turn = call.onlyTurn();
        assertEquals("what time do you close", turn.text());
        assertTrue(turn.confidence() < 0.8f, "a partial is not a confident hearing");
        // Its final, arriving at last, is not taken for the caller's next turn.
        call.finalFor(1, "what time do you close").agentDone().silence(500);
        assertEquals(1, call.turns.size());
    }

    @Test
    void anSttThatIsBehindButStillSendingPartialsIsWaitedFor() {
        call.speech(1800).partial("where is my order").silence(416);
        call.silence(1200).partial("where is my order one two");
        call.silence(1200).partial("where is my order one two three four");
        call.silence(1200);
        assertTrue(call.turns.isEmpty(), "a busy STT's truncated partial is not the caller's turn");
        call.finalForLastFlush("where is my order one two three four").silence(1100);
        UserTurn turn = call.onlyTurn();
        assertEquals("where is my order one two three four", turn.text());
        assertTrue(turn.confidence() > 0.8f, turn.toString());
    }

    @Test
    void aBusySttIsWaitedForNoLongerThanFourTimeouts() {
        call.speech(1800).partial("where is my order").silence(416);
        for (int i = 0; i < 6; i++) {
            call.silence(1200).partial("where is my order" + " one".repeat(i + 1));
        }
        assertEquals(1, call.turns.size(), "still waiting 6 s after the flush: " + call.commands);
        assertTrue(call.turns.get(0).confidence() < 0.8f, "a partial is an unsure hearing");
    }

    @Test
    void aStarvedSttThatHasNotSentAWordYetIsWaitedForLikeABusyOne() {
        call.speech(700).silence(416);
        call.silence(3000);
        assertTrue(call.turns.isEmpty(), "giving up with no partial would lose the turn: " + call.commands);
        call.finalForLastFlush("goodbye").silence(100);
        assertEquals("goodbye", call.onlyTurn().text());
    }

    @Test
    void anSttThatNeverSendsAWordIsGivenUpAfterFourTimeouts() {
        call.speech(700).silence(416).silence(6100);
        assertTrue(call.turns.isEmpty());
        assertTrue(call.said("caller quiet"), "the floor is open again: " + call.commands);
    }

    @Test
    void aFinalLateBecauseSttIsFailingOverIsWaitedForAndTheWholeTurnAnswered() {
        call.speech(1800).partial("what are your").silence(100);
        call.machine.onSttOutage(call.now, true);
        call.silence(316).silence(6000);
        assertTrue(call.turns.isEmpty(), "no answer from a truncated partial while a new STT instance comes up");
        call.machine.onSttOutage(call.now, false);
        call.silence(400).finalForLastFlush("what are your opening hours on sunday").silence(100);
        UserTurn turn = call.onlyTurn();
        assertEquals("what are your opening hours on sunday", turn.text(), "the replayed turn, whole");
    }

    @Test
    void aNewInstanceWorkingThroughALongReplayIsWaitedForLikeABusyOneFromWhenItStarted() {
        call.speech(1800).partial("where").silence(100);
        call.machine.onSttOutage(call.now, true);
        call.silence(316).silence(8000);
        call.machine.onSttOutage(call.now, false);
        // 10 s of the turn replayed: its partials come as it catches up, the final after 3 s.
        call.silence(600).partial("where");
        call.silence(1200).partial("where is my order");
        call.silence(1200);
        assertTrue(call.turns.isEmpty(), "no answer from the replay's first partials: " + call.commands);
        call.finalForLastFlush("where is my order one two three four").silence(1100); // a number: heard out
        assertEquals("where is my order one two three four", call.onlyTurn().text());
    }

    @Test
    void aNewSttInstanceThatStaysSilentStillGetsOnlyTheUsualWait() {
        call.speech(1000).partial("what time do you close").silence(100);
        call.machine.onSttOutage(call.now, true);
        call.silence(3000);
        call.machine.onSttOutage(call.now, false);
        call.silence(1400);
        assertTrue(call.turns.isEmpty());
        call.silence(200);
        assertEquals("what time do you close", call.onlyTurn().text());
    }

    @Test
    void soundWithoutWordsIsNoTurn() {
        call.speech(300).silence(416).finalForLastFlush("");
        assertTrue(call.turns.isEmpty());
        assertTrue(call.said("caller quiet"));
        assertEquals(TurnTaking.Floor.OPEN, call.machine.floor());
    }

    @Test
    void pushToTalkReleasedEndsTheTurnWhateverItSoundsLike() {
        call.machine.onTalkPressed(call.now);
        call.speech(800).partial("my email is");
        call.machine.onTalkReleased(call.now);
        assertTrue(call.said("flush 1"));
        call.finalForLastFlush("my email is");
        assertEquals("my email is", call.onlyTurn().text());
    }

    @Test
    void wordsHeardWhileNobodyGaveTheCallerTheFloorAreNoTurn() {
        TurnTakingHarness greeting = new TurnTakingHarness(TurnTakingHarness.defaults());
        greeting.finalFor(0, "hello").agentDone().silence(2000);
        assertTrue(greeting.turns.isEmpty());
    }

    @Test
    void theSilenceThatEndsATurnStartsWhenTheSoundEndsThoughTheVadStillTrailsIt() {
        loud(1200).partial("what are your opening hours");
        long soundEnded = call.now;
        call.frame(0.9f, 2).frame(0.8f, 1).frame(0.7f, 0).frame(0.6f, 0);
        atBackground(224 - 4 * 32);
        call.finalForLastFlush("what are your opening hours");
        UserTurn turn = call.onlyTurn();
        assertEquals(soundEnded, turn.endOfSpeechMs(), "the VAD's trailing frames are not the caller's speech");
        assertEquals(soundEnded + 224, turn.decidedMs(), "answered after the short silence from the sound's end");
    }

    @Test
    void softSpeechAtTheBackgroundLongerThanTheVadTrailsStillKeepsTheTurnOpen() {
        loud(1200).partial("what are your opening hours");
        for (int i = 0; i < 10; i++) {
            call.frame(0.9f, 3);
        }
        long softEnded = call.now;
        assertTrue(call.turns.isEmpty(), "320 ms of soft speech is the caller still talking");
        atBackground(224);
        call.finalForLastFlush("what are your opening hours on sunday");
        UserTurn turn = call.onlyTurn();
        assertEquals(softEnded, turn.endOfSpeechMs());
        assertEquals(softEnded + 224, turn.decidedMs());
    }

    @Test
    void withoutTheLinesLevelTheVadAloneEndsTheSpeech() {
        call.speech(1200).partial("what are your opening hours").frames(128, 0.9f, false);
        long vadLetGo = call.now;
        call.silence(224).finalForLastFlush("what are your opening hours");
        assertEquals(vadLetGo, call.onlyTurn().endOfSpeechMs());
    }

    private TurnTakingHarness loud(int ms) {
        for (int t = 0; t < ms; t += TurnTakingHarness.FRAME_MS) {
            call.frame(TurnTakingHarness.SPEECH, 25);
        }
        return call;
    }

    private void atBackground(int ms) {
        for (int t = 0; t < ms; t += TurnTakingHarness.FRAME_MS) {
            call.frame(TurnTakingHarness.QUIET, 0);
        }
    }
}
