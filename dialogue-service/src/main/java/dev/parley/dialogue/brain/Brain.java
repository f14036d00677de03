package dev.parley.dialogue.brain;

import io.smallrye.mutiny.Multi;

/**
 * Decides what the agent says. A turn's answer is a stream of {@link BrainOutput}: text deltas and actions in speaking
 * order, ending with {@link BrainOutput.Done}. Streams are lazy and cold; cancelling the subscription stops the turn and
 * nothing not yet emitted (text or action) is ever delivered.
 */
public interface Brain {

    /** Reported in {@code TurnDone.brain}, e.g. "flow", "llm:gpt-4o", "apology". */
    String name();

    /** The agent's opening turn (turn 0) when the call starts. */
    Multi<BrainOutput> greet(Conversation conversation);

    /** The answer to one caller turn (spoken text or DTMF digits). */
    Multi<BrainOutput> respond(Conversation conversation, TurnInput input);
}
