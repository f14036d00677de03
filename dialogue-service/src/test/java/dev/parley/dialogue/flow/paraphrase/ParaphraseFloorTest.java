package dev.parley.dialogue.flow.paraphrase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flow brain's understanding at text level on the paraphrase corpora (tuning and both held-out parts, both
 * tenants): prints the benchmark's figures and fails when a part falls below its floor. The floors sit a little under what the
 * matcher achieved when they were set (dialogue-service/README.md), so a change that makes it understand less fails.
 */
class ParaphraseFloorTest {

    /**
     * Share of all requests answered right, clarifications about the right thing counted up to 10 % of the requests
     * (the measure), per tenant and part. Measured when set (dialogue-service/README.md, knowledge.asked and
     * matching.outOfScope): acme tuning 97.3 %, held-out 97.0 %, held-out 2 91.8 %; brightsmile tuning 97.5 %,
     * held-out 100 %, held-out 2 84.1 %. About two points below, as a run's word stand-ins vary a little.
     */
    static final Map<String, Double> ACCURACY_FLOORS = Map.of("acme/tuning", 0.95, "acme/heldout", 0.94,
            "acme/heldout2", 0.89, "brightsmile/tuning", 0.95, "brightsmile/heldout", 0.97,
            "brightsmile/heldout2", 0.82);
    /** Share of out-of-scope requests that get no wrong fact (measured: 91.7 % to 100 %; the issue asks 90 %). */
    static final double SAFETY_FLOOR = 0.88;
    /** Most of a part that may be settled by a clarifying question instead of an answer (measured: up to 9.0 %). */
    static final double CLARIFICATION_CEILING = 0.12;

    static List<CorpusReport> reports;

    @BeforeAll
    static void play() throws Exception {
        reports = ParaphraseBenchmark.run(true);
    }

    @Test
    void answersParaphrasesRight() {
        for (CorpusReport r : reports) {
            double floor = ACCURACY_FLOORS.getOrDefault(r.tenant() + "/" + r.part(), 0.9);
            assertTrue(r.cappedAccuracy() >= floor, r.summary() + "\n" + r.missesUnlessUnseen());
        }
    }

    @Test
    void givesNoWrongFactOutOfScope() {
        for (CorpusReport r : reports) {
            assertTrue(r.outOfScopeSafety() >= SAFETY_FLOOR, r.summary() + "\n" + r.missesUnlessUnseen());
        }
    }

    @Test
    void clarifiesOnlyASmallShare() {
        for (CorpusReport r : reports) {
            assertTrue(r.clarificationRate() <= CLARIFICATION_CEILING, r.summary());
        }
    }
}
