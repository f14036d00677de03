package dev.parley.tts.phrasing;

/**
 * Where streamed text may be cut. Sentence ends always cut. A comma, semicolon or colon cuts once the phrase has
 * {@code firstClauseChars} characters (first phrase: short, it is on the latency critical path) or
 * {@code clauseChars} (later phrases: longer, better prosody). Without punctuation, a phrase is cut at a word
 * boundary after {@code maxChars}. A reply's first phrase is also cut at the last word boundary once text has been
 * arriving for {@code firstPhraseMaxWaitMs} without a cut (0: never), so a model that writes slowly is heard after
 * its first words, not after its first whole sentence.
 */
public record PhrasingPolicy(int firstClauseChars, int clauseChars, int maxChars, int firstPhraseMaxWaitMs) {

    /** Punctuation and length only: no cut depends on when text arrives. */
    public static final PhrasingPolicy DEFAULT = new PhrasingPolicy(12, 40, 200);

    public PhrasingPolicy(int firstClauseChars, int clauseChars, int maxChars) {
        this(firstClauseChars, clauseChars, maxChars, 0);
    }

    public PhrasingPolicy {
        if (firstPhraseMaxWaitMs < 0) {
            throw new IllegalArgumentException("invalid phrasing policy: first phrase wait " + firstPhraseMaxWaitMs);
        }
        if (firstClauseChars < 1 || clauseChars < 1 || maxChars < Math.max(firstClauseChars, clauseChars)) {
            throw new IllegalArgumentException("invalid phrasing policy: first clause " + firstClauseChars
                    + ", clause " + clauseChars + ", max " + maxChars);
        }
    }
}
