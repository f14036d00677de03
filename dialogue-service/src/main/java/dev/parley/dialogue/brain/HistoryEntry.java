package dev.parley.dialogue.brain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One turn of the conversation. For agent turns {@code text} is what the caller heard (the generated text until the
 * gateway reports otherwise) and {@code generatedText} what the brain produced.
 */
public record HistoryEntry(Speaker speaker, long turnId, String text, String generatedText, boolean interrupted) {

    public enum Speaker { CALLER, AGENT }

    public static HistoryEntry caller(long turnId, String text) {
        return new HistoryEntry(Speaker.CALLER, turnId, text, text, false);
    }

    public static HistoryEntry agent(long turnId, String generated) {
        return new HistoryEntry(Speaker.AGENT, turnId, generated, generated, false);
    }

    HistoryEntry heard(String heardText, boolean wasInterrupted) {
        return new HistoryEntry(speaker, turnId, heardText, generatedText, wasInterrupted);
    }

    /** Short keys, the generated text only where the caller heard something else: history is most of a snapshot. */
    void write(ObjectNode out) {
        out.put("s", speaker == Speaker.CALLER ? "c" : "a").put("t", turnId).put("x", text);
        if (!text.equals(generatedText)) {
            out.put("g", generatedText);
        }
        if (interrupted) {
            out.put("i", true);
        }
    }

    static HistoryEntry read(JsonNode in) {
        if (!in.isObject()) {
            throw new IllegalArgumentException("a history entry is not an object");
        }
        String s = Snapshotting.readText(in.get("s"));
        Speaker speaker = "c".equals(s) ? Speaker.CALLER : "a".equals(s) ? Speaker.AGENT : null;
        long turnId = Snapshotting.readLong(in.get("t"), -1);
        String text = Snapshotting.readText(in.get("x"));
        if (speaker == null || turnId < 0 || text == null) {
            throw new IllegalArgumentException("a history entry needs a speaker, a turn and a text: " + in);
        }
        String generated = Snapshotting.readText(in.get("g"));
        return new HistoryEntry(speaker, turnId, text, generated == null ? text : generated,
                in.path("i").asBoolean(false));
    }
}
