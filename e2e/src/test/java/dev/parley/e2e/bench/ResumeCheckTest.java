package dev.parley.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.e2e.caller.AgentSpeech;
import dev.parley.e2e.caller.TurnTranscriber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resume check on the agent's real voice (festival HTS slt), transcribed by Vosk like the benchmark does:
 * a sentence paused and resumed where it stopped is clean; resumed a few words early it repeats them; stopped for
 * good it is not completed.
 */
class ResumeCheckTest {
    private static final byte[] PAUSE = silence(300);
    private static TurnTranscriber transcriber;
    private static String whole;

    @BeforeAll
    static void setUp() {
        transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir());
        whole = transcriber.transcribe(AgentSpeech.say("we are open monday to friday from nine to six"));
    }

    @AfterAll
    static void closeModel() {
        transcriber.close();
    }

    private static byte[] silence(int ms) {
        byte[] b = new byte[ms * 8];
        java.util.Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void resumedWhereItStoppedIsHeardAsTheWholeSentence() {
        String heard = transcriber.transcribe(concat(AgentSpeech.say("we are open monday to friday"), PAUSE,
                AgentSpeech.say("from nine to six")));
        ResumeCheck check = ResumeCheck.of(whole, heard);
        assertTrue(check.clean(), whole + " vs " + heard + ": " + check);
    }

    @Test
    void resumedFromAnEarlierWordRepeatsIt() {
        String heard = transcriber.transcribe(concat(AgentSpeech.say("we are open monday to friday"), PAUSE,
                AgentSpeech.say("monday to friday from nine to six")));
        ResumeCheck check = ResumeCheck.of(whole, heard);
        assertTrue(check.completed(), heard);
        assertTrue(check.repeated() >= 2, "monday to friday twice: " + heard + ": " + check);
        assertFalse(check.clean());
    }

    @Test
    void stoppedForGoodIsNotCompleted() {
        String heard = transcriber.transcribe(AgentSpeech.say("we are open monday to friday"));
        ResumeCheck check = ResumeCheck.of(whole, heard);
        assertFalse(check.completed(), heard + ": " + check);
        assertTrue(check.missing() >= 3, check.toString());
    }

    @Test
    void alignmentTellsRepeatsFromOtherInsertionsAndLosses() {
        assertEquals(new ResumeCheck(true, 0, 0, 0), ResumeCheck.of("a b c d e", "a b c d e"));
        assertEquals(new ResumeCheck(true, 2, 0, 0), ResumeCheck.of("a b c d e", "a b c b c d e"));
        assertEquals(new ResumeCheck(true, 0, 1, 0), ResumeCheck.of("a b c d e", "a b x c d e"));
        assertEquals(new ResumeCheck(true, 0, 0, 1), ResumeCheck.of("a b c d e", "a b d e"));
        assertEquals(new ResumeCheck(false, 0, 0, 2), ResumeCheck.of("a b c d e", "a b c"));
    }
}
