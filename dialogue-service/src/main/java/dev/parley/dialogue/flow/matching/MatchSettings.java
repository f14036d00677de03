package dev.parley.dialogue.flow.matching;

/**
 * How sure the matcher must be, per tenant (flow.yaml {@code matching:} and {@code knowledge:}). Scores are the fused
 * score of a target: its best cosine similarity plus {@code lexicalWeight} times its BM25 score squashed into 0..1
 * ({@code bm25 / (bm25 + lexicalHalf)}), plus {@code cueBonus} for an intent whose slot the turn's number fits, then
 * plus {@code contrast} times how far that stands above the turn's mean over all targets.
 *
 * @param intentAt    an intent is answered from this score...
 * @param knowledgeAt ...a knowledge section from this one...
 * @param margin      ...when it leads the runner-up (another target) by at least this much
 * @param clarifyBand a best target this far below its answer score (or within the margin of the runner-up) gets a
 *                    clarifying question instead; lower still, the fallback
 * @param contrast    0 decides on the fused score alone
 */
public record MatchSettings(double intentAt, double knowledgeAt, double margin, double clarifyBand,
                            double lexicalWeight, double lexicalHalf, double cueBonus, double contrast) {

    public static final double DEFAULT_CLARIFY_BAND = 0.06;
    public static final double DEFAULT_LEXICAL_WEIGHT = 0.15;
    public static final double DEFAULT_LEXICAL_HALF = 4.0;
    public static final double DEFAULT_CUE_BONUS = 0.1;
    /** Off unless flow.yaml asks: thresholds written for the plain fused score keep their meaning. */
    public static final double DEFAULT_CONTRAST = 0;

    double answerAt(Target target) {
        return target.isIntent() ? intentAt : knowledgeAt;
    }
}
