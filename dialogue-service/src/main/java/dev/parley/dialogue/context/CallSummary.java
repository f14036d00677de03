package dev.parley.dialogue.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.brain.Snapshotting;

import java.util.List;

/**
 * One call's running summary of the turns that no longer fit the prompt's window: written by the model in the
 * background ({@link Summarizer}), read by {@link ContextBuilder}. Turns it does not cover yet are condensed
 * extractively meanwhile, so a turn never waits for a summary. The summary and the turn it covers up to go with a call
 * that moves to another instance; the turns waiting for it are worked out again at the next prompt there, and a run
 * in progress is lost with its instance (the next prompt there may start one).
 */
public final class CallSummary implements Snapshotting {

    public static final String KEY = "llm.summary";

    /** The summary text (null before the first one) and the last turn id it covers. */
    public record Snapshot(String text, long upToTurnId) {
    }

    private String text;
    private long upToTurnId = -1;
    private List<HistoryEntry> pending = List.of();
    private boolean running;

    public synchronized Snapshot snapshot() {
        return new Snapshot(text, upToTurnId);
    }

    /** Called by the context builder with the condensed turns the summary does not cover yet. */
    synchronized void pending(List<HistoryEntry> uncovered) {
        pending = List.copyOf(uncovered);
    }

    /** Hands the pending turns to one summarizer run if there are at least {@code min}; null otherwise. */
    synchronized List<HistoryEntry> claim(int min) {
        if (running || pending.size() < min) {
            return null;
        }
        running = true;
        return pending;
    }

    synchronized void update(String summary, long coveredUpTo) {
        text = summary;
        upToTurnId = Math.max(upToTurnId, coveredUpTo);
        pending = List.of();
        running = false;
    }

    synchronized void failed() {
        running = false;
    }

    @Override
    public synchronized void write(ObjectNode out) {
        if (text != null) {
            out.put("text", text).put("upTo", upToTurnId);
        }
    }

    @Override
    public synchronized void read(JsonNode in) {
        text = Snapshotting.readText(in.get("text"));
        upToTurnId = text == null ? -1 : Snapshotting.readLong(in.get("upTo"), -1);
    }
}
