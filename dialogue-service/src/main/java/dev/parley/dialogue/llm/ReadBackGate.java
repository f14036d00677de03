package dev.parley.dialogue.llm;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.slots.DigitRun;
import dev.parley.dialogue.slots.SpokenDigits;
import dev.parley.dialogue.tools.Tool;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps an LLM from acting on a high-consequence value the recognizer was unsure of. When the model calls a tool with
 * such an argument, the value is traced to the caller turn it was heard in; if that turn's confidence is below the
 * tenant's threshold and the value has not been read back yet, the tool does not run: the model is told to read the
 * value back and ask. Once the caller has answered (a later turn), the model's repeated call runs. A value heard
 * clearly runs at once, so confirmation is the exception, not a ritual on every turn.
 */
final class ReadBackGate {

    static final String KEY = "llm.readback";
    /** Turns whose confidence is remembered; older turns' values count as confirmed by the time they come back. */
    static final int MAX_TURNS = 50;

    /** One call's recognizer confidences per caller turn, and the values already read back (and when). */
    static final class State {
        final Map<Long, Float> confidence = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Float> eldest) {
                return size() > MAX_TURNS;
            }
        };
        final Map<String, Long> readBackInTurn = new HashMap<>();
    }

    private final double confirmBelow;

    ReadBackGate(double confirmBelow) {
        this.confirmBelow = confirmBelow;
    }

    /** Remembers how confidently this turn was heard. */
    void heard(Conversation conversation, TurnInput input) {
        State state = conversation.brainState(KEY, State.class, State::new);
        synchronized (state) {
            state.confidence.put(input.turnId(), input.confidence());
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
                    return Optional.of(arg);
                }
            }
        }
        return Optional.empty();
    }

    /** The confidence of the newest caller turn that holds the value; the current turn's if none does. */
    private static Float heardConfidence(Conversation conversation, State state, long turnId, String value) {
        List<HistoryEntry> history = conversation.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry e = history.get(i);
            if (e.speaker() == HistoryEntry.Speaker.CALLER && state.confidence.containsKey(e.turnId())
                    && holds(e.text(), value)) {
                return state.confidence.get(e.turnId());
            }
        }
        return state.confidence.get(turnId);
    }

    /** Digits are compared as digits ("four eight two" holds "482"), words case-insensitively. */
    private static boolean holds(String said, String value) {
        String digits = value.replaceAll("[^0-9]", "");
        if (!digits.isEmpty()) {
            StringBuilder heard = new StringBuilder();
            for (DigitRun run : SpokenDigits.find(said)) {
                heard.append(run.digits()).append(' ');
            }
            return heard.toString().replace(" ", "").contains(digits);
        }
        return said.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT).strip());
    }

    private static String normalized(String value) {
        String digits = value.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? value.toLowerCase(Locale.ROOT).strip() : digits;
    }
}
