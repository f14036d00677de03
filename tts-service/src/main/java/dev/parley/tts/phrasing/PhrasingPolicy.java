package dev.parley.tts.phrasing;

/**
 * Where streamed text may be cut. Sentence ends always cut. A comma, semicolon or colon cuts once the phrase has
 * {@code firstClauseChars} characters (first phrase: short, it is on the latency critical path) or
 * {@code clauseChars} (later phrases: longer, better prosody). Without punctuation, a phrase is cut at a word
 * boundary after {@code maxChars}.
 */
public record PhrasingPolicy(int firstClauseChars, int clauseChars, int maxChars) {

    public static final PhrasingPolicy DEFAULT = new PhrasingPolicy(12, 40, 200);

    public PhrasingPolicy {
        if (firstClauseChars < 1 || clauseChars < 1 || maxChars < Math.max(firstClauseChars, clauseChars)) {
            throw new IllegalArgumentException("invalid phrasing policy: first clause " + firstClauseChars
                    + ", clause " + clauseChars + ", max " + maxChars);
        }
    }
}
