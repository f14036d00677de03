package dev.parley.gateway.amd;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Answering-machine detection on the whole held-out-2 greeting set (48 calls, written as held-out, tuned on since
 * held-out-3 replaced it), hearing the words as stt-service's Vosk model does: prints the benchmark's figures and
 * fails below floors set just under what the detector achieved when they were set, so a change that makes it worse
 * fails. Held-out-3 has no floors here: it misses the targets (87.5 %, humans taken for machines 12.5 %).
 * Needs the Vosk model ({@code ./mvnw -o -q -pl models package}). First run synthesizes the greetings (~30 s on 2
 * cores); later runs reuse media-gateway/target/amd-corpus; recognition takes 1-3 minutes.
 */
class AmdFloorTest {
    /**
     * Measured when set, and again with person cues deciding mid-sentence: 91.7 % (44/48). Misses: three short
     * greetings without a beep whose words Vosk misheard or that say no cue ("i'll i'll bring you back", "come out
     * with my message", "text me"), and one slowed long hello that talked past 4 s before its "what is it" was heard.
     */
    static final double ACCURACY_FLOOR = 0.91;
    /** Measured: 4.2 % (that one long hello); the issue allows 5 %. */
    static final double HUMANS_AS_MACHINES_CEILING = 0.05;
    /**
     * Measured: 1019 ms from their last word to the agent speaking (a long hello's 1000 ms pause once words were
     * heard); a person should not wait much longer than a conversational pause.
     */
    static final long HUMAN_WAIT_P95_CEILING_MS = 1_100;
    /**
     * Measured: 4900 ms from answer (long hellos of 3-4 s whose words named no person's cue in time, then the pause
     * that ends them, or the 5 s window); the issue asks 3 s.
     */
    static final long HUMAN_DECISION_P95_CEILING_MS = 5_000;
    /** Measured: 5000 ms from answer; not the decision: a person decided on mid-sentence is let finish first. */
    static final long HUMAN_AGENT_START_P95_CEILING_MS = 5_100;
    /** Measured: 100 % of detected machines get their message after the beep (or after the greeting). */
    static final double GREETING_END_FLOOR = 0.95;

    static AmdReport report;

    @BeforeAll
    static void play() throws Exception {
        report = AmdBenchmark.run("held-out-2", AmdBenchmark.load("held-out-2"), AmdSettings.defaults(), true);
        System.out.print(report.summary());
    }

    @Test
    void tellsHumansFromMachines() {
        assertTrue(report.accuracy() >= ACCURACY_FLOOR, report.summary() + report.misses());
    }

    @Test
    void rarelyTakesAPersonForAMachine() {
        assertTrue(report.humansAsMachines() <= HUMANS_AS_MACHINES_CEILING, report.summary() + report.misses());
    }

    @Test
    void decidesWithinTheWindowAndKeepsPeopleWaitingLittle() {
        int window = AmdSettings.defaults().maxWindowMs();
        assertTrue(report.outcomes().stream().allMatch(o -> o.verdict().atMs() <= window), report.summary());
        assertTrue(report.humanWaitPercentile(95) <= HUMAN_WAIT_P95_CEILING_MS, report.summary());
        assertTrue(report.decisionPercentile(AmdVerdict.Kind.HUMAN, 95) <= HUMAN_DECISION_P95_CEILING_MS,
                report.summary());
        assertTrue(report.humanAgentStartPercentile(95) <= HUMAN_AGENT_START_P95_CEILING_MS, report.summary());
    }

    @Test
    void leavesTheMessageAfterTheGreeting() {
        assertTrue(report.greetingEndsRight() >= GREETING_END_FLOOR, report.summary() + report.misses());
    }
}
