package dev.parley.dialogue.embedding;

import dev.parley.dialogue.brain.Conversation;

/**
 * A caller turn's sentence embedding, computed once per turn: a flow that hands its turn to an LLM has embedded the
 * words already, and the LLM's cache lookup and retrieval use the same vector instead of paying for it again. A spoken
 * turn is a sentence or two; a runaway transcript is cut so that it cannot cost a runaway embedding.
 */
public final class TurnEmbedding {

    static final String KEY = "turn.embedding";
    public static final int MAX_EMBEDDED_CHARS = 500;

    private long turnId = -1;
    private String text;
    private float[] vector;

    private TurnEmbedding() {
    }

    public static float[] of(Conversation conversation, long turnId, String text, Embedder embedder) {
        String cut = text.length() > MAX_EMBEDDED_CHARS ? text.substring(0, MAX_EMBEDDED_CHARS) : text;
        TurnEmbedding memo = conversation.brainState(KEY, TurnEmbedding.class, TurnEmbedding::new);
        synchronized (memo) {
            if (memo.turnId == turnId && cut.equals(memo.text)) {
                return memo.vector;
            }
        }
        float[] vector = embedder.embed(cut);
        synchronized (memo) {
            memo.turnId = turnId;
            memo.text = cut;
            memo.vector = vector;
        }
        return vector;
    }
}
