package dev.parley.gateway.amd;

import org.junit.jupiter.api.Test;

import dev.parley.audio.MuLaw;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detector on single synthesized calls (voices and wordings from neither greeting list). */
class AnsweringMachineDetectorTest {
    private final AmdSettings settings = AmdSettings.defaults();

    private AnsweringMachineDetector play(String greetingLine, int seed) throws Exception {
        GreetingAudio.Clip clip = GreetingAudio.render(Greeting.parse(greetingLine), seed);
        AnsweringMachineDetector amd = new AnsweringMachineDetector(settings);
        byte[] ulaw = clip.ulaw();
        for (int off = 0; off + 160 <= ulaw.length; off += 160) {
            amd.accept(Arrays.copyOfRange(ulaw, off, off + 160));
        }
        return amd;
    }

    @Test
    void aShortHelloThenSilenceIsAHumanWithinThreeSeconds() throws Exception {
        AnsweringMachineDetector amd = play("HUMAN | flite:kal16 | 400 | - | Hello, hello?", 1);
        AmdVerdict v = amd.verdict().orElseThrow();
        assertEquals(AmdVerdict.Kind.HUMAN, v.kind(), v.toString());
        assertTrue(v.atMs() <= 3_000, "decided in " + v.atMs() + " ms");
        assertTrue(amd.greetingEndMs().isEmpty(), "no greeting to wait for");
    }

    @Test
    void aLongGreetingWithABeepIsAMachineAndEndsAfterTheBeep() throws Exception {
        String line = "MACHINE | espeak:en-us | 300 | 1000/500/500 | Hello, you have reached Dana Lee. I am sorry I cannot"
                + " take your call right now. Please leave your name and number after the tone.";
        GreetingAudio.Clip clip = GreetingAudio.render(Greeting.parse(line), 2);
        AnsweringMachineDetector amd = play(line, 2);
        AmdVerdict v = amd.verdict().orElseThrow();
        assertEquals(AmdVerdict.Kind.MACHINE, v.kind(), v.toString());
        assertTrue(v.atMs() < clip.speechEndMs(), "decided while the greeting still played: " + v);
        long end = amd.greetingEndMs().orElseThrow();
        assertTrue(end >= clip.beepEndMs() && end <= clip.beepEndMs() + 100,
                "message starts right after the beep (" + clip.beepEndMs() + " ms): " + end + " ms, "
                        + amd.greetingEndReason());
    }

    @Test
    void aLongGreetingWithoutABeepEndsAfterSustainedSilence() throws Exception {
        String line = "MACHINE | flite:kal16 | 200 | - | Hi, this is Dana. I can't take your call at the moment, please"
                + " leave your name and number and I will call you back.";
        GreetingAudio.Clip clip = GreetingAudio.render(Greeting.parse(line), 3);
        AnsweringMachineDetector amd = play(line, 3);
        assertEquals(AmdVerdict.Kind.MACHINE, amd.verdict().orElseThrow().kind());
        long end = amd.greetingEndMs().orElseThrow();
        assertTrue(end >= clip.speechEndMs() + settings.greetingSilenceMs()
                && end <= clip.speechEndMs() + settings.greetingSilenceMs() + 200, end + " ms: " + amd.greetingEndReason());
    }

    @Test
    void silenceOnlyIsUnknownAfterTheNoSpeechTimeout() {
        AnsweringMachineDetector amd = new AnsweringMachineDetector(settings);
        byte[] quiet = new byte[160];
        Arrays.fill(quiet, (byte) 0xFF);
        while (amd.verdict().isEmpty()) {
            amd.accept(quiet);
        }
        AmdVerdict v = amd.verdict().orElseThrow();
        assertEquals(AmdVerdict.Kind.UNKNOWN, v.kind());
        assertEquals(settings.noSpeechMs(), v.atMs());
    }

    @Test
    void aBeepRightAtAnswerIsAMachine() throws Exception {
        AnsweringMachineDetector amd = play("MACHINE | flite:kal | 0 | 1000/400/0 | Hi.", 4);
        AmdVerdict v = amd.verdict().orElseThrow();
        assertEquals(AmdVerdict.Kind.MACHINE, v.kind(), v.toString());
        assertTrue(v.reason().startsWith("beep"), v.reason());
    }

    @Test
    void theVerdictNeverTakesLongerThanTheWindow() throws Exception {
        // Speech starting late and still going when the window closes: the detector must not wait for it.
        AnsweringMachineDetector amd = play("MACHINE | espeak:en-us+f3 | 3900 | - | Good evening and welcome to the"
                + " automated line of the city library, all of our staff are busy at the moment.", 5);
        AmdVerdict v = amd.verdict().orElseThrow();
        assertTrue(v.atMs() <= settings.maxWindowMs(), v.toString());
        assertEquals(AmdVerdict.Kind.UNKNOWN, v.kind(), v.toString());
    }

    /**
     * Noise "speech" from 300 ms to {@code endFrame} (20 ms frames), then silence, the recognizer's transcripts
     * (partials) heard at the frames given: how short greetings and hellos sound to the detector. Returns the verdict.
     */
    private AmdVerdict utterance(int endFrame, Map<Integer, String> transcripts) {
        return played(endFrame, transcripts).verdict().orElseThrow();
    }

    /** As {@link #utterance}, played until the agent may speak (or the greeting ended); returns the detector. */
    private AnsweringMachineDetector played(int endFrame, Map<Integer, String> transcripts) {
        AnsweringMachineDetector amd = new AnsweringMachineDetector(settings);
        Random noise = new Random(11);
        for (int frame = 0; amd.agentStartMs().isEmpty() && amd.greetingEndMs().isEmpty() && frame < 400; frame++) {
            short[] pcm = new short[160];
            if (frame >= 15 && frame < endFrame) {
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = (short) (noise.nextGaussian() * 3000);
                }
            }
            if (transcripts.containsKey(frame)) {
                amd.heard(transcripts.get(frame), false);
            }
            amd.accept(MuLaw.encode(pcm));
        }
        return amd;
    }

    /** 2.2 s of speech ending at 2.5 s, {@code transcript} heard at 1.8 s; null: no recognizer. */
    private AmdVerdict longUtterance(String transcript) {
        return utterance(125, transcript == null ? Map.of() : Map.of(90, transcript));
    }

    @Test
    void timingAloneTakesAShortGreetingForALongHello() {
        AmdVerdict v = longUtterance(null);
        assertEquals(AmdVerdict.Kind.HUMAN, v.kind(), v.toString());
        assertTrue(v.atMs() >= 2_500 + settings.longHelloSilenceMs(), "waits for a beep first: " + v);
    }

    @Test
    void aGreetingsWordsMakeItAMachineBeforeItEnds() {
        AmdVerdict v = longUtterance("hey its kim leave a message");
        assertEquals(AmdVerdict.Kind.MACHINE, v.kind(), v.toString());
        assertTrue(v.atMs() < 2_500, "decided as the words came, while it still spoke: " + v);
        assertTrue(v.reason().contains("leave a message"), v.reason());
    }

    @Test
    void aPersonsCueDecidesWhileTheyTalkButTheAgentWaitsForTheirPause() {
        AnsweringMachineDetector amd = played(125, Map.of(90, "hello this is maria who is calling"));
        AmdVerdict v = amd.verdict().orElseThrow();
        assertEquals(AmdVerdict.Kind.HUMAN, v.kind(), v.toString());
        assertTrue(v.atMs() < 2_500, "decided as the words came, while she still spoke: " + v);
        assertEquals(2_500 + settings.humanSilenceMs(), amd.agentStartMs().orElseThrow(), "the agent waits for her pause");
    }

    @Test
    void aPersonsCueInAShortHelloChangesNothing() {
        // 700 ms of speech: under a second the words are a short hello's, decided by the pause after it as before.
        AnsweringMachineDetector amd = played(50, Map.of(40, "who is it"));
        AmdVerdict v = amd.verdict().orElseThrow();
        assertEquals(utterance(50, Map.of()), v);
        assertEquals(v.atMs(), amd.agentStartMs().orElseThrow(), "decided at the pause: the agent speaks at once");
    }

    @Test
    void withoutWordsTheAgentSpeaksAtTheVerdict() {
        AnsweringMachineDetector amd = played(125, Map.of());
        assertEquals(amd.verdict().orElseThrow().atMs(), amd.agentStartMs().orElseThrow());
    }

    @Test
    void aLongHelloHeardSayingWhoSpeaksIsAPersonBeforeItEnds() throws Exception {
        // Real speech; the words as a recognizer would send them, 1.2 s after answer: mid-sentence.
        String line = "HUMAN | espeak:en-us+m4 | 300 | - | Hello, Dana speaking, sorry, I'm just getting out of the"
                + " car, who is this?";
        GreetingAudio.Clip clip = GreetingAudio.render(Greeting.parse(line), 6);
        AnsweringMachineDetector amd = new AnsweringMachineDetector(settings);
        byte[] ulaw = clip.ulaw();
        for (int off = 0; off + 160 <= ulaw.length && amd.agentStartMs().isEmpty(); off += 160) {
            if (off == 60 * 160) {
                amd.heard("hello dana speaking", false);
            }
            amd.accept(Arrays.copyOfRange(ulaw, off, off + 160));
        }
        AmdVerdict v = amd.verdict().orElseThrow();
        assertEquals(AmdVerdict.Kind.HUMAN, v.kind(), v.toString());
        assertTrue(v.atMs() < clip.speechEndMs() - 1_000, "decided while she spoke (until " + clip.speechEndMs()
                + " ms): " + v);
        long start = amd.agentStartMs().orElseThrow();
        assertTrue(start >= clip.speechEndMs() + settings.humanSilenceMs()
                && start <= clip.speechEndMs() + settings.humanSilenceMs() + 100, "the agent waits for the end of her"
                + " sentence (" + clip.speechEndMs() + " ms): " + start + " ms");
    }

    @Test
    void wordsWithoutACueEndALongHelloAtAShorterPause() {
        AmdVerdict v = longUtterance("hello this is maria");
        assertEquals(AmdVerdict.Kind.HUMAN, v.kind(), v.toString());
        assertEquals(2_500 + settings.wordsLongHelloSilenceMs(), v.atMs(), v.toString());
        assertTrue(v.atMs() < longUtterance(null).atMs(), "sooner than without words");
    }

    @Test
    void aShortGreetingsWordsThatComeAfterItsPauseStillCount() {
        // 1.2 s of speech ending at 1.5 s; the recognizer answered during it, and the cue came 700 ms after it:
        // past the pause that ends a short hello, inside the wait for a greeting's words.
        Map<Integer, String> late = Map.of(50, "please", 110, "please leave a message");
        assertEquals(AmdVerdict.Kind.MACHINE, utterance(75, late).kind());
        AmdVerdict hello = utterance(75, Map.of(50, "hello this is"));
        assertEquals(AmdVerdict.Kind.HUMAN, hello.kind());
        assertEquals(1_500 + settings.wordsSilenceMs(), hello.atMs(), hello.toString());
        AmdVerdict deaf = utterance(75, Map.of());
        assertEquals(1_500 + settings.humanSilenceMs(), deaf.atMs(), "without a recognizer nothing waits: " + deaf);
    }

    @Test
    void framesMustBeTwentyMillisecondsOfMuLaw() {
        assertThrows(IllegalArgumentException.class, () -> new AnsweringMachineDetector(settings).accept(new byte[320]));
    }
}
