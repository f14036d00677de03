package dev.parley.gateway.amd;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Answering-machine detection on the whole held-out greeting set (48 calls, voices and wordings not used in tuning):
 * prints the benchmark's figures and fails below floors set a little under what the detector achieved when they
 * were set, so a change that makes it worse fails. First run synthesizes the greetings (~30 s on 2 cores); later runs
 * reuse media-gateway/target/amd-corpus.
 */
class AmdFloorTest {
    /**
     * Measured when set: 85.4 % (six short greetings without a beep taken for long hellos, and one festival greeting
     * whose 500+ ms full stop pause ended a short "hello" before its beep).
     */
    static final double ACCURACY_FLOOR = 0.83;
    /** Measured: 0 %; the issue allows 5 %. */
    static final double HUMANS_AS_MACHINES_CEILING = 0.05;
    /** Measured: 1211 ms; a person should not wait much longer than a conversational pause. */
    static final long HUMAN_WAIT_P95_CEILING_MS = 1_400;
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
    }

    @Test
    void leavesTheMessageAfterTheGreeting() {
        assertTrue(report.greetingEndsRight() >= GREETING_END_FLOOR, report.summary() + report.misses());
    }
}
