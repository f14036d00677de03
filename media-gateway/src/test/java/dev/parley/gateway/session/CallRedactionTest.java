package dev.parley.gateway.session;

import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.UserTurnEvent;
import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.gateway.recording.CallRecording;
import dev.parley.gateway.tracing.CallTrace;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallRedactionTest {
    private static final RedactionPolicy POLICY = new RedactionPolicy(true, 6, true, Set.of());
    private static final String SAID = "my card is four one one one one one one one thanks";

    private final List<CallEvent> published = new ArrayList<>();
    private final List<String> told = new ArrayList<>();
    private final CallRecording recording = new CallRecording() {
        @Override
        public boolean redacts() {
            return true;
        }

        @Override
        public void redactCaller(long fromSample, long toSample) {
            told.add("caller " + fromSample + "-" + toSample);
        }

        @Override
        public void redactCallerKeyPress() {
            told.add("key");
        }

        @Override
        public void redactAgentPhrase(int phrase) {
            told.add("phrase " + phrase);
        }

        @Override
        public void agentPhrasesSettled(int phrase) {
            told.add("settled " + phrase);
        }
    };

    private CallEvents events(CallRedaction redaction) {
        CallInfo info = new CallInfo("brightsmile", "CA9", "+15550100100", "+15550100999", "v");
        CallTrace trace = CallTrace.start(OpenTelemetry.noop().getTracer("test"), "brightsmile", "CA9", "twilio",
                SpanContext.getInvalid());
        return new CallEvents(published::add, info, trace, redaction);
    }

    @Test
    void eventsCarryTheMaskedTextWhileTheCallersWordsStayAsSaid() {
        CallEvents events = events(new CallRedaction(new Redactor(POLICY), recording));
        String turn = SAID;
        events.userTurn(1, turn, 0.9, "speech");
        events.userTurn(2, "4111111111111111", 1.0, "dtmf");
        events.bargeIn(3, "your e-mail is jane.doe@example.com, right");
        events.transfer(3, "billing", "caller disputes charge on card 4111 1111 1111 1111");
        events.userTurn(4, "7", 1.0, "dtmf");

        assertEquals("my card is [redacted] thanks", ((UserTurnEvent) published.get(0)).text());
        assertEquals("[redacted]", ((UserTurnEvent) published.get(1)).text(), "keyed digits too");
        assertEquals("your e-mail is [redacted], right", ((BargeIn) published.get(2)).heardText());
        assertEquals("caller disputes charge on card [redacted]", ((TransferRequested) published.get(3)).reason());
        assertEquals("[redacted]", ((UserTurnEvent) published.get(4)).text(),
                "one key is one turn: a number keyed digit by digit is masked key by key");
        assertEquals(SAID, turn, "the text the live path goes on with is the caller's own");
    }

    @Test
    void aTenantWithoutRedactionPublishesAndLogsTextAsSaidAndTracksNothing() {
        CallRedaction off = new CallRedaction(new Redactor(RedactionPolicy.NONE), recording);
        events(off).userTurn(1, SAID, 0.9, "speech");
        events(off).userTurn(2, "7", 1.0, "dtmf");
        assertEquals(SAID, ((UserTurnEvent) published.get(0)).text());
        assertEquals("7", ((UserTurnEvent) published.get(1)).text());
        off.keyPressed();
        assertSame(SAID, off.mask(SAID));
        assertEquals(0, off.phrase(new AgentTurn(1, new TurnTimeline()), null));
        off.callerFinal(final16k(), ms -> ms * 16);
        assertTrue(told.isEmpty());
    }

    @Test
    void theCallersPiiWordsArePlacedInTheCallersAudioByTheirStreamTimes() {
        CallRedaction redaction = new CallRedaction(new Redactor(POLICY), recording);
        // The stream's time 0 was 10 s into the caller's audio (16 kHz): the words' times are relative to it.
        redaction.callerFinal(final16k(), ms -> 160_000 + ms * 16);
        assertEquals(List.of("caller " + (160_000 + 1_200 * 16) / 2 + "-" + (160_000 + 3_550 * 16) / 2), told,
                "from the first number word's start to the last one's end, in 8 kHz caller samples");
        assertEquals("[redacted]", redaction.forLog("4111 1111 1111").toString());
    }

    @Test
    void agentPhrasesOverlappingPiiAreBleepedOnceTheTurnsTextIsWhole() {
        CallRedaction redaction = new CallRedaction(new Redactor(POLICY), recording);
        String text = "Let me read it back. Four one one, one one one, one one. Is that right?";
        int second = text.indexOf("Four");
        int third = text.indexOf("one one.");
        List<AgentTurn.Phrase> phrases = new ArrayList<>(List.of(new AgentTurn.Phrase(7, 0, second),
                new AgentTurn.Phrase(8, second, third), new AgentTurn.Phrase(9, third, text.indexOf("Is")),
                new AgentTurn.Phrase(10, text.indexOf("Is"), text.length())));
        redaction.phrasesOver(text, phrases);
        assertEquals(List.of("phrase 8", "phrase 9", "settled 10"), told,
                "a number read across phrases is found in the whole text: neither phrase alone has 6 digits");
        assertTrue(phrases.isEmpty());
    }

    @Test
    void namesTheBrainRecognizesAreMaskedInTheTurnThatSaidThemAndBleepedWhereTheyWereSaid() {
        CallRedaction redaction = new CallRedaction(new Redactor(new RedactionPolicy(true, 6, true,
                Set.of("name"))), recording);
        CallEvents events = events(redaction);
        Transcript said = transcript("this is maria garcia calling again");
        redaction.callerFinal(said, ms -> ms * 16);
        events.userTurn(1, said.getText(), 0.9, "speech");
        assertTrue(published.isEmpty(), "held until the brain has answered the turn");
        assertTrue(told.isEmpty(), "nothing to bleep before the brain knows it is a name");

        redaction.recognized(List.of("Maria Garcia"));
        events.publishHeldTurns();
        assertEquals("this is [redacted] calling again", ((UserTurnEvent) published.get(0)).text());
        assertEquals(List.of("caller " + 900 * 16 / 2 + "-" + (1_200 + 250) * 16 / 2), told,
                "the name's two words, where the caller said them before the brain named them");

        redaction.recognized(List.of("Maria Garcia"));
        assertEquals(1, told.size(), "a value named again is not bleeped again");
        events.userTurn(2, "yes maria garcia", 0.9, "speech");
        events.ended(0, 1, "caller-hangup", 2, 2);
        assertEquals("yes [redacted]", ((UserTurnEvent) published.get(1)).text(), "published at the latest at the end");
        redaction.phrasesOver("Wonderful, Maria Garcia! You're booked.", new ArrayList<>(List.of(
                new AgentTurn.Phrase(1, 0, 25), new AgentTurn.Phrase(2, 25, 39))));
        assertEquals(List.of("phrase 1", "settled 2"), told.subList(1, told.size()), "the agent's read-back too");
    }

    /** "my card is four one one one one one one one thanks", words 0.3 s apart from 0.3 s. */
    private static Transcript final16k() {
        return transcript(SAID);
    }

    private static Transcript transcript(String said) {
        Transcript.Builder t = Transcript.newBuilder().setText(said);
        String[] words = said.split(" ");
        for (int i = 0; i < words.length; i++) {
            t.addWords(Word.newBuilder().setWord(words[i]).setStartMs(300 + i * 300L).setEndMs(300 + i * 300L + 250));
        }
        return t.build();
    }
}
