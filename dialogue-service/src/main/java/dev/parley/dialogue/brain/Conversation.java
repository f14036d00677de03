package dev.parley.dialogue.brain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The state of one call, owned by its stream and dropped with it: who is calling, the history of what was said and
 * heard, and per-brain state. Thread-safe: the stream's event loop and the brain's worker threads both touch it.
 * <p>
 * It can be written out ({@link #write}) and read back on another instance ({@link #read}), so a call whose stream
 * fails goes on elsewhere: the history and every brain state that implements {@link Snapshotting}. A restored brain
 * state is read lazily, when its brain first asks for it ({@link #brainState}), so each brain restores its own state
 * with what it knows (a flow resolves the intent it was asking about against the tenant as loaded here).
 */
public final class Conversation {

    private static final Logger LOG = Logger.getLogger(Conversation.class);

    /** The last turns kept; a call is bounded however long it lasts. */
    static final int MAX_HISTORY = 200;

    private final String tenantId;
    private final String callId;
    private final Map<String, String> parameters;
    private final List<HistoryEntry> history = new ArrayList<>();
    private final Map<String, Object> brainState = new HashMap<>();
    /** Brain states read from a snapshot that no brain has asked for yet: restored on first use, else carried on. */
    private final Map<String, JsonNode> unread = new HashMap<>();

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

    /**
     * A brain's own per-call state, created on first use; in a restored call, a fresh one from {@code create} that
     * reads what the snapshot holds under {@code key} (a state that cannot be read starts fresh, logged).
     */
    public synchronized <T> T brainState(String key, Class<T> type, Supplier<T> create) {
        Object existing = brainState.get(key);
        if (existing != null) {
            return type.cast(existing);
        }
        T created = create.get();
        JsonNode saved = unread.remove(key);
        if (saved != null) {
            if (created instanceof Snapshotting restorable) {
                try {
                    restorable.read(saved);
                } catch (RuntimeException e) {
                    LOG.warnf("tenant=%s call=%s: brain state '%s' could not be restored, starting it afresh: %s",
                            tenantId, callId, key, e.toString());
                    created = create.get();
                }
            } else {
                LOG.warnf("tenant=%s call=%s: the call's state holds '%s', which %s cannot read; starting it afresh",
                        tenantId, callId, key, type.getSimpleName());
            }
        }
        brainState.put(key, created);
        return created;
    }

    /** A brain state some brain of this call has created already, without creating (or restoring) it. */
    public synchronized <T> Optional<T> existingBrainState(String key, Class<T> type) {
        return Optional.ofNullable(brainState.get(key)).map(type::cast);
    }

    /**
     * Forgets the agent's answer to {@code turnId}, for a turn answered again (re-sent by the gateway after the call
     * moved here): the new answer replaces it in the history rather than being appended to it.
     */
    public synchronized void forgetAnswer(long turnId) {
        history.removeIf(e -> e.speaker() == HistoryEntry.Speaker.AGENT && e.turnId() == turnId);
    }

    /**
     * The call as JSON: who, the call's parameters, the history and every brain state that can be carried
     * ({@link Snapshotting}; those read from a snapshot that no brain has asked for yet, as they were read).
     */
    public ObjectNode write() {
        List<HistoryEntry> turns;
        Map<String, Object> states;
        Map<String, JsonNode> notRead;
        synchronized (this) {
            turns = List.copyOf(history);
            states = new TreeMap<>(brainState);
            notRead = new TreeMap<>(unread);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("tenant", tenantId).put("call", callId);
        ObjectNode params = out.putObject("params");
        new TreeMap<>(parameters).forEach(params::put);
        ArrayNode entries = out.putArray("history");
        turns.forEach(e -> e.write(entries.addObject()));
        Map<String, JsonNode> written = new TreeMap<>();
        notRead.forEach((key, node) -> written.put(key, node.deepCopy()));
        // Outside this object's lock: a state's own lock is taken while it may read the history (lock order).
        states.forEach((key, state) -> {
            if (state instanceof Snapshotting snapshotting) {
                ObjectNode node = JsonNodeFactory.instance.objectNode();
                snapshotting.write(node);
                if (!node.isEmpty()) {
                    written.put(key, node);
                }
            }
        });
        if (!written.isEmpty()) {
            ObjectNode byKey = out.putObject("states");
            written.forEach(byKey::set);
        }
        return out;
    }

    /**
     * A call as {@link #write} wrote it; its brain states are restored as their brains ask for them.
     *
     * @throws IllegalArgumentException if {@code in} is not such a call
     */
    public static Conversation read(JsonNode in) {
        if (in == null || !in.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String tenant = Snapshotting.readText(in.get("tenant"));
        String call = Snapshotting.readText(in.get("call"));
        if (tenant == null || tenant.isBlank() || call == null || call.isBlank()) {
            throw new IllegalArgumentException("no tenant or call id");
        }
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = in.path("params");
        if (!p.isMissingNode() && !p.isObject()) {
            throw new IllegalArgumentException("params is not an object");
        }
        p.properties().forEach(f -> params.put(f.getKey(), Snapshotting.readText(f.getValue())));
        if (params.containsValue(null)) {
            throw new IllegalArgumentException("a parameter is not a string");
        }
        Conversation conversation = new Conversation(tenant, call, params);
        JsonNode history = in.path("history");
        if (!history.isMissingNode() && !history.isArray()) {
            throw new IllegalArgumentException("history is not an array");
        }
        history.forEach(e -> conversation.append(HistoryEntry.read(e)));
        JsonNode states = in.path("states");
        if (!states.isMissingNode() && !states.isObject()) {
            throw new IllegalArgumentException("states is not an object");
        }
        states.properties().forEach(f -> {
            if (!f.getValue().isObject()) {
                throw new IllegalArgumentException("brain state '" + f.getKey() + "' is not an object");
            }
            conversation.unread.put(f.getKey(), f.getValue());
        });
        return conversation;
    }

    private void append(HistoryEntry entry) {
        history.add(entry);
        if (history.size() > MAX_HISTORY) {
            history.remove(0);
        }
    }
}
