package dev.parley.dialogue.context;

import dev.parley.dialogue.brain.Conversation;

import java.util.Optional;

/**
 * Extra system instructions for one turn of a call, set by the brain that hands the turn to an LLM (the flow, for an
 * off-script turn) and added by {@link ContextBuilder} to that turn's system prompt only. Kept per call, newest only.
 */
public final class TurnInstructions {

    static final String KEY = "turn-instructions";

    private long turnId = -1;
    private String text;

    public static TurnInstructions of(Conversation conversation) {
        return conversation.brainState(KEY, TurnInstructions.class, TurnInstructions::new);
    }

    public synchronized void set(long turnId, String text) {
        this.turnId = turnId;
        this.text = text;
    }

    public synchronized Optional<String> forTurn(long turnId) {
        return this.turnId == turnId ? Optional.ofNullable(text) : Optional.empty();
    }
}
