package dev.parley.dialogue.brain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The state of one call, owned by its stream and dropped with it: who is calling, the history of what was said and
 * heard, and per-brain state. Thread-safe: the stream's event loop and the brain's worker threads both touch it.
 */
public final class Conversation {

    /** The last turns kept; a call is bounded however long it lasts. */
    static final int MAX_HISTORY = 200;

    private final String tenantId;
    private final String callId;
    private final Map<String, String> parameters;
    private final List<HistoryEntry> history = new ArrayList<>();
    private final Map<String, Object> brainState = new HashMap<>();

    public Conversation(String tenantId, String callId, Map<String, String> parameters) {
        this.tenantId = tenantId;
        this.callId = callId;
        this.parameters = Map.copyOf(parameters);
    }

    public String tenantId() {
        return tenantId;
    }

    public String callId() {
        return callId;
    }

    /** Call parameters from the gateway (from, to, custom parameters). */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** Once per turn: a brain that hands the turn on (flow to LLM, a failed brain to the next) adds it first. */
    public synchronized void addCallerTurn(long turnId, String text) {
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry e = history.get(i);
            if (e.speaker() == HistoryEntry.Speaker.CALLER) {
                if (e.turnId() == turnId) {
                    return;
                }
                break;
            }
        }
        append(HistoryEntry.caller(turnId, text));
    }

    public synchronized void addAgentTurn(long turnId, String generatedText) {
        append(HistoryEntry.agent(turnId, generatedText));
    }

    /**
     * Adds {@code delta} to the agent turn {@code turnId}, creating it at the first delta: a streaming brain records
     * what it said as it says it, so a barge-in's {@code heard} report finds the turn even if it never finished.
     */
    public synchronized void appendAgentText(long turnId, String delta) {
        if (!history.isEmpty()) {
            int last = history.size() - 1;
            HistoryEntry e = history.get(last);
            if (e.speaker() == HistoryEntry.Speaker.AGENT && e.turnId() == turnId) {
                String text = e.generatedText() + delta;
                history.set(last, new HistoryEntry(e.speaker(), turnId, text, text, false));
                return;
            }
        }
        append(HistoryEntry.agent(turnId, delta));
    }

    /**
     * Replaces an agent turn's text with what the caller actually heard.
     *
     * @return false if no agent turn with that id is in the history
     */
    public synchronized boolean markHeard(long turnId, String heardText, boolean interrupted) {
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry e = history.get(i);
            if (e.speaker() == HistoryEntry.Speaker.AGENT && e.turnId() == turnId) {
                history.set(i, e.heard(heardText, interrupted));
                return true;
            }
        }
        return false;
    }

    public synchronized List<HistoryEntry> history() {
        return List.copyOf(history);
    }

    public synchronized Optional<HistoryEntry> lastAgentTurn() {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).speaker() == HistoryEntry.Speaker.AGENT) {
                return Optional.of(history.get(i));
            }
        }
        return Optional.empty();
    }

    /** A brain's own per-call state, created on first use. */
    public synchronized <T> T brainState(String key, Class<T> type, Supplier<T> create) {
        return type.cast(brainState.computeIfAbsent(key, k -> create.get()));
    }

    private void append(HistoryEntry entry) {
        history.add(entry);
        if (history.size() > MAX_HISTORY) {
            history.remove(0);
        }
    }
}
