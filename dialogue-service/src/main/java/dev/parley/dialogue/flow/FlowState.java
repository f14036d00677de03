package dev.parley.dialogue.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.Snapshotting;
import dev.parley.dialogue.flow.matching.HybridMatcher;
import dev.parley.dialogue.flow.matching.Target;
import dev.parley.dialogue.slots.Confidence;
import dev.parley.dialogue.slots.DigitRun;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.parley.dialogue.brain.Snapshotting.readFloat;
import static dev.parley.dialogue.brain.Snapshotting.readLong;
import static dev.parley.dialogue.brain.Snapshotting.readText;
import static dev.parley.dialogue.brain.Snapshotting.requireText;

/**
 * The flow brain's memory of one call: an intent waiting for a slot, the digits collected so far, keys pressed so
 * far, how confidently each value was heard and which values the caller has confirmed. Guarded by its own lock in
 * {@link FlowBrain}. Carried to another instance whole ({@link Snapshotting}); what it names (intents, slots, the
 * target of a clarifying question) is checked against the tenant's flow as loaded there.
 */
final class FlowState implements Snapshotting {

    static final String KEY = "flow";

    /** The tenant's flow and targets, to resolve a restored state's names against; null: taken as they are. */
    private final FlowDefinition flow;
    private final HybridMatcher matcher;

    FlowState(FlowDefinition flow, HybridMatcher matcher) {
        this.flow = flow;
        this.matcher = matcher;
    }

    /** Intent waiting for {@link #pendingSlot}, or null. */
    String pendingIntent;
    String pendingSlot;
    /** Slot values collected for the pending intent. */
    final Map<String, String> filled = new HashMap<>();
    /** Digits of the pending slot heard in earlier turns. */
    String partialDigits = "";
    /** DTMF keys pressed but not yet a complete entry. */
    String dtmfKeys = "";

    /** The lowest confidence among the numbers that gave {@link #partialDigits} (null: keyed, or not known). */
    Float partialConfidence;
    /** How confidently each filled value was heard (absent: keyed, or confidence unknown). */
    final Map<String, Float> heardConfidence = new HashMap<>();
    /** The slot whose value is being read back to the caller, or null. */
    String confirmingSlot;
    /** Turns in a row that matched nothing and went to the LLM; back to 0 when the caller is on script again. */
    int offScriptTurns;
    /** The target a clarifying question asked about ("Do you mean ...?"), or null; the numbers that turn held. */
    Target clarifying;
    List<DigitRun> clarifyingNumbers = List.of();
    /** Turns in a row the flow did not understand (fallback or re-ask); 0 once one is placed. */
    int misses;
    /** The prompt the pending item was last asked with, and how many times in a row it has been said. */
    String prompt;
    int promptTimes;
    /** The pending prompt was said again after an aside: if the caller moves on once more, the item is left. */
    boolean resumed;
    /** What the flow made of the newest turn. */
    Decision lastDecision;
    /** "slot=value" the caller confirmed in this call: never read back again. */
    final Set<String> confirmed = new HashSet<>();

    /** Asks for {@code slot} of {@code intent}, with no digits of it heard yet. */
    void await(String intent, String slot) {
        await(intent, slot, "", null);
    }

    /** Asks for the rest of {@code slot}: {@code partial} digits were heard this turn, this confidently. */
    void await(String intent, String slot, String partial, Float heard) {
        pendingIntent = intent;
        pendingSlot = slot;
        partialDigits = partial;
        partialConfidence = partial.isEmpty() ? null : heard;
    }

    /** More digits of the pending slot, heard this turn this confidently. */
    void heardPartial(String digits, Float heard) {
        resumed = false;
        partialDigits = digits;
        partialConfidence = Confidence.lowest(partialConfidence, heard);
    }

    /** A slot got its whole value this turn (with whatever digits earlier turns gave), the turn's part this confidently. */
    void fill(String slot, String value, Float heard) {
        filled.put(slot, value);
        Float lowest = Confidence.lowest(partialConfidence, heard);
        if (lowest == null) {
            heardConfidence.remove(slot);
        } else {
            heardConfidence.put(slot, lowest);
        }
        partialDigits = "";
        partialConfidence = null;
    }

    /** A slot got its value from keys pressed: exact, never read back. */
    void fillKeyed(String slot, String value) {
        filled.put(slot, value);
        heardConfidence.remove(slot);
        partialDigits = "";
        partialConfidence = null;
    }

    void clearPending() {
        filled.clear();
        heardConfidence.clear();
        pendingIntent = null;
        pendingSlot = null;
        confirmingSlot = null;
        partialDigits = "";
        partialConfidence = null;
        prompt = null;
        promptTimes = 0;
        resumed = false;
    }

    /**
     * Records that the pending item's {@code text} is said now; false when it was said twice in a row already, so
     * saying it again would loop.
     */
    boolean prompting(String text) {
        if (text.equals(prompt)) {
            promptTimes++;
        } else {
            prompt = text;
            promptTimes = 1;
        }
        return promptTimes <= 2;
    }

    boolean awaiting() {
        return pendingIntent != null;
    }

    @Override
    public synchronized void write(ObjectNode out) {
        putText(out, "intent", pendingIntent);
        putText(out, "slot", pendingSlot);
        if (!filled.isEmpty()) {
            ObjectNode f = out.putObject("filled");
            new TreeMap<>(filled).forEach(f::put);
        }
        putText(out, "partial", partialDigits.isEmpty() ? null : partialDigits);
        putText(out, "keys", dtmfKeys.isEmpty() ? null : dtmfKeys);
        if (partialConfidence != null) {
            out.put("partialConfidence", partialConfidence);
        }
        if (!heardConfidence.isEmpty()) {
            ObjectNode h = out.putObject("heard");
            new TreeMap<>(heardConfidence).forEach(h::put);
        }
        putText(out, "confirming", confirmingSlot);
        putInt(out, "offScript", offScriptTurns);
        if (clarifying != null) {
            out.put("clarifying", clarifying.ref());
            ArrayNode numbers = out.putArray("clarifyingNumbers");
            clarifyingNumbers.forEach(n -> {
                ObjectNode run = numbers.addObject().put("digits", n.digits()).put("trailing", n.trailing());
                if (n.confidence() != null) {
                    run.put("confidence", n.confidence());
                }
            });
        }
        putInt(out, "misses", misses);
        putText(out, "prompt", prompt);
        putInt(out, "promptTimes", promptTimes);
        if (resumed) {
            out.put("resumed", true);
        }
        if (lastDecision != null) {
            ObjectNode d = out.putObject("decision").put("route", lastDecision.route());
            putText(d, "intent", lastDecision.intent());
            ObjectNode values = d.putObject("values");
            new TreeMap<>(lastDecision.values()).forEach(values::put);
        }
        if (!confirmed.isEmpty()) {
            ArrayNode c = out.putArray("confirmed");
            new TreeSet<>(confirmed).forEach(c::add);
        }
    }

    @Override
    public synchronized void read(JsonNode in) {
        pendingIntent = readText(in.get("intent"));
        pendingSlot = readText(in.get("slot"));
        in.path("filled").properties().forEach(f -> filled.put(f.getKey(), requireText(f.getValue())));
        partialDigits = orEmpty(readText(in.get("partial")));
        dtmfKeys = orEmpty(readText(in.get("keys")));
        partialConfidence = readFloat(in.get("partialConfidence"));
        in.path("heard").properties().forEach(f ->
                heardConfidence.put(f.getKey(), readFloat(f.getValue())));
        confirmingSlot = readText(in.get("confirming"));
        offScriptTurns = (int) readLong(in.get("offScript"), 0);
        String target = readText(in.get("clarifying"));
        if (target != null && matcher != null) {
            // A target the tenant no longer has (reloaded meanwhile): the caller's next turn is placed afresh.
            clarifying = matcher.byRef(target).orElse(null);
            List<DigitRun> numbers = new ArrayList<>();
            in.path("clarifyingNumbers").forEach(n -> numbers.add(new DigitRun(requireText(n.get("digits")),
                    n.path("trailing").asBoolean(), readFloat(n.get("confidence")))));
            clarifyingNumbers = clarifying == null ? List.of() : List.copyOf(numbers);
        }
        misses = (int) readLong(in.get("misses"), 0);
        prompt = readText(in.get("prompt"));
        promptTimes = (int) readLong(in.get("promptTimes"), 0);
        resumed = in.path("resumed").asBoolean(false);
        JsonNode d = in.get("decision");
        if (d != null && d.isObject()) {
            Map<String, String> values = new HashMap<>();
            d.path("values").properties().forEach(f -> values.put(f.getKey(), requireText(f.getValue())));
            lastDecision = new Decision(requireText(d.get("route")), readText(d.get("intent")), values);
        }
        in.path("confirmed").forEach(c -> confirmed.add(requireText(c)));
        if (flow != null && !knows(pendingIntent, pendingSlot, confirmingSlot)) {
            clearPending(); // the intent or slot is gone from the tenant's flow: nothing is pending any more
        }
    }

    /** Whether the flow as loaded has the pending intent with these slots (none pending is fine). */
    private boolean knows(String intent, String slot, String confirming) {
        if (intent == null) {
            return slot == null && confirming == null;
        }
        return flow.intents().stream().anyMatch(i -> i.name().equals(intent)
                && i.slotNames().contains(slot) && flow.slotsOrEmpty().containsKey(slot)
                && (confirming == null || i.slotNames().contains(confirming)));
    }

    private static void putText(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    private static void putInt(ObjectNode out, String name, int value) {
        if (value != 0) {
            out.put(name, value);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
