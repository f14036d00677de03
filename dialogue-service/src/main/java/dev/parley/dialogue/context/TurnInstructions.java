package dev.parley.dialogue.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.Snapshotting;

import java.util.Optional;

/**
 * Extra system instructions for one turn of a call, set by the brain that hands the turn to an LLM (the flow, for an
 * off-script turn) and added by {@link ContextBuilder} to that turn's system prompt only. Kept per call, newest only
 * (and carried with a call that moves: a turn re-sent there is answered within the same instructions).
 */
public final class TurnInstructions implements Snapshotting {

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

    @Override
    public synchronized void write(ObjectNode out) {
        if (text != null) {
            out.put("turn", turnId).put("text", text);
        }
    }

    @Override
    public synchronized void read(JsonNode in) {
        text = Snapshotting.readText(in.get("text"));
        turnId = text == null ? -1 : Snapshotting.readLong(in.get("turn"), -1);
    }
}
