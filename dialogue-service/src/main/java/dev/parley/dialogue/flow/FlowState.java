package dev.parley.dialogue.flow;

import dev.parley.dialogue.flow.matching.Target;
import dev.parley.dialogue.slots.Confidence;
import dev.parley.dialogue.slots.DigitRun;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flow brain's memory of one call: an intent waiting for a slot, the digits collected so far, keys pressed so
 * far, how confidently each value was heard and which values the caller has confirmed. Guarded by its own lock in
 * {@link FlowBrain}.
 */
final class FlowState {

    static final String KEY = "flow";

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
}
