package dev.parley.dialogue.flow.paraphrase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flow brain's understanding at text level on the paraphrase corpora (tuning and held-out parts, both tenants):
 * prints the benchmark's figures and fails when a part falls below its floor. The floors sit a little under what the
 * matcher achieved when they were set (dialogue-service/README.md), so a change that makes it understand less fails.
 */
class ParaphraseFloorTest {

    /**
     * Share of all requests answered right (clarifications about the right thing included), per tenant and part.
     * Measured when set (README): acme tuning 89.3 %, held-out 77.6 %; brightsmile tuning 96.2 %, held-out 93.2 %.
     */
    static final Map<String, Double> ACCURACY_FLOORS = Map.of("acme/tuning", 0.86, "acme/heldout", 0.75,
            "brightsmile/tuning", 0.93, "brightsmile/heldout", 0.90);
    /** Share of out-of-scope requests that get no wrong fact (measured: 83.3 % to 100 %). */
    static final double SAFETY_FLOOR = 0.80;
    /** Most of a part that may be settled by a clarifying question instead of an answer (measured: up to 11.9 %). */
    static final double CLARIFICATION_CEILING = 0.13;

    static List<CorpusReport> reports;

    @BeforeAll
    static void play() throws Exception {
        reports = ParaphraseBenchmark.run(true);
    }

    @Test
    void answersParaphrasesRight() {
        for (CorpusReport r : reports) {
            double floor = ACCURACY_FLOORS.getOrDefault(r.tenant() + "/" + r.part(), 0.9);
            assertTrue(r.accuracy() >= floor, r.summary() + "\n" + r.misses());
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
