package dev.parley.dialogue.brain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Per-call state kept in {@link Conversation#brainState} that a call needs to go on when it moves to another
 * instance (dialogue.proto: {@code TurnDone.state}, {@code CallStart.resume_state}). Each state writes and reads its
 * own fields, so the state's owner, not a central serializer, decides what must survive: a memo that can be rebuilt
 * simply does not implement this and is left out.
 * <p>
 * Rules: write only what differs from a fresh instance (a state that writes nothing is left out), in a stable order
 * (sorted keys where the state's own order does not matter); read tolerates missing fields (the default) and unknown
 * ones (another version wrote them), and throws {@link IllegalArgumentException} on a value it cannot use.
 */
public interface Snapshotting {

    /** Writes this state into {@code out}; takes its own lock (never called under the conversation's). */
    void write(ObjectNode out);

    /** Reads what {@link #write} wrote into this fresh instance, before any brain sees it. */
    void read(JsonNode in);

    /** A float written with {@code ObjectNode.put(name, Float)}, exactly as written; null when absent. */
    static Float readFloat(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException("not a number: " + node);
        }
        // The decimal as written (the codec keeps it exact), not via a double: no double rounding.
        return Float.parseFloat(node.asText());
    }

    /** A text field, or null when absent. */
    static String readText(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("not a string: " + node);
        }
        return node.asText();
    }

    /** A text field that must be there. */
    static String requireText(JsonNode node) {
        String value = readText(node);
        if (value == null) {
            throw new IllegalArgumentException("a text is missing");
        }
        return value;
    }

    /** An integer field, or {@code otherwise} when absent. */
    static long readLong(JsonNode node, long otherwise) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return otherwise;
        }
        if (!node.isIntegralNumber()) {
            throw new IllegalArgumentException("not an integer: " + node);
        }
        return node.asLong();
    }
}
