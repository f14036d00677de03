package dev.parley.dialogue.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.brain.Snapshotting;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.context.CallState;
import dev.parley.dialogue.slots.Utterance;
import dev.parley.dialogue.tools.Tool;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps an LLM from acting on a high-consequence value the recognizer was unsure of. When the model calls a tool with
 * such an argument, the value is traced to the caller turn it was heard in; if the words that make up the value (its
 * digit words, or the words of a name) were heard below the tenant's threshold — the turn's mean confidence when words
 * are not known or the value is not found among them — and the value has not been read back yet, the tool does not
 * run: the model is told to read the value back and ask. Once the caller has answered (a later turn), the model's
 * repeated call runs. A value heard clearly runs at once, so confirmation is the exception, not a ritual on every turn.
 */
final class ReadBackGate {

    static final String KEY = "llm.readback";
    /** Turns remembered; older turns' values count as confirmed by the time they come back. */
    static final int MAX_TURNS = 50;

    /**
     * One call's caller turns as heard (words and confidences), and the values already read back (and when). Guarded
     * by its own lock; carried to another instance whole.
     */
    static final class State implements Snapshotting {
        final Map<Long, Utterance> heard = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Utterance> eldest) {
                return size() > MAX_TURNS;
            }
        };
        final Map<String, Long> readBackInTurn = new HashMap<>();

        @Override
        public synchronized void write(ObjectNode out) {
            if (!heard.isEmpty()) {
                ObjectNode turns = out.putObject("heard");
                heard.forEach((turn, said) -> said.write(turns.putObject(Long.toString(turn))));
            }
            if (!readBackInTurn.isEmpty()) {
                ObjectNode asked = out.putObject("readBack");
                new TreeMap<>(readBackInTurn).forEach(asked::put);
            }
        }

        @Override
        public synchronized void read(JsonNode in) {
            in.path("heard").properties().forEach(f -> {
                try {
                    heard.put(Long.parseLong(f.getKey()), Utterance.read(f.getValue()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a turn id: " + f.getKey());
                }
            });
            in.path("readBack").properties().forEach(f ->
                    readBackInTurn.put(f.getKey(), Snapshotting.readLong(f.getValue(), 0)));
        }
    }

    private final double confirmBelow;

    ReadBackGate(double confirmBelow) {
        this.confirmBelow = confirmBelow;
    }

    /** Remembers how confidently this turn's words were heard. */
    void heard(Conversation conversation, TurnInput input) {
        State state = conversation.brainState(KEY, State.class, State::new);
        synchronized (state) {
            state.heard.put(input.turnId(), Utterance.of(input));
        }
    }

    /**
     * The argument to read back before {@code tool} may act, or empty to run it now.
     */
    Optional<String> unclear(Conversation conversation, long turnId, Tool tool, Map<String, String> arguments) {
        State state = conversation.brainState(KEY, State.class, State::new);
        for (String arg : tool.definition().highConsequenceOrEmpty()) {
            String value = arguments.get(arg);
            if (value == null || value.isBlank()) {
                continue;
            }
            String key = tool.name() + ":" + arg + "=" + normalized(value);
            synchronized (state) {
                Long askedIn = state.readBackInTurn.get(key);
                if (askedIn != null && askedIn < turnId) {
                    continue; // read back in an earlier turn, and the caller's answer led the model here again
                }
                Float heard = heardConfidence(conversation, state, turnId, value);
                if (heard != null && heard < confirmBelow) {
                    state.readBackInTurn.putIfAbsent(key, turnId);
                    CallState.of(conversation).awaitingConfirmation(tool.name() + ":" + arg,
                            arg + " " + value + " for " + tool.name(), state.readBackInTurn.get(key));
                    return Optional.of(arg);
                }
            }
        }
        // The tool acts now: whatever was waiting for a read-back on its arguments is settled.
        for (String arg : tool.definition().highConsequenceOrEmpty()) {
            CallState.of(conversation).confirmed(tool.name() + ":" + arg);
        }
        return Optional.empty();
    }

    /** How confidently the newest caller turn that holds the value heard it; the current turn's mean if none does. */
    private static Float heardConfidence(Conversation conversation, State state, long turnId, String value) {
        List<HistoryEntry> history = conversation.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry e = history.get(i);
            Utterance said = e.speaker() == HistoryEntry.Speaker.CALLER ? state.heard.get(e.turnId()) : null;
            if (said != null && said.holds(value)) {
                return said.confidenceOf(value);
            }
        }
        Utterance current = state.heard.get(turnId);
        return current == null ? null : current.confidenceOf(value);
    }

    private static String normalized(String value) {
        String digits = value.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? value.toLowerCase(Locale.ROOT).strip() : digits;
    }
}
