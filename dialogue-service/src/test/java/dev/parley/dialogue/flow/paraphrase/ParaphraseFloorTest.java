package dev.parley.dialogue.flow.paraphrase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flow brain's understanding at text level on the paraphrase corpora (tuning and held-out parts, both tenants):
 * prints the benchmark's figures and fails when a part falls below its floor. The floors sit a little under what the
 * matcher achieved when they were set (dialogue-service/README.md), so a change that makes it understand less fails.
 */
class ParaphraseFloorTest {

    /** Share of all requests answered right (clarifications about the right thing included). */
    static final double ACCURACY_FLOOR = 0.55;
    /** Share of out-of-scope requests that get no wrong fact. */
    static final double SAFETY_FLOOR = 0.95;
    /** Most of the held-out part that may be settled by a clarifying question instead of an answer. */
    static final double CLARIFICATION_CEILING = 0.10;

    static List<CorpusReport> reports;

    @BeforeAll
    static void play() throws Exception {
        reports = ParaphraseBenchmark.run(true);
    }

    @Test
    void answersParaphrasesRight() {
        for (CorpusReport r : reports) {
            assertTrue(r.accuracy() >= ACCURACY_FLOOR, r.summary() + "\n" + r.misses());
        }
    }

    @Test
    void givesNoWrongFactOutOfScope() {
        for (CorpusReport r : reports) {
            assertTrue(r.outOfScopeSafety() >= SAFETY_FLOOR, r.summary() + "\n" + r.misses());
        }
    }

    @Test
    void clarifiesOnlyASmallShare() {
        for (CorpusReport r : reports) {
            assertTrue(r.clarificationRate() <= CLARIFICATION_CEILING, r.summary());
        }
    }
}
