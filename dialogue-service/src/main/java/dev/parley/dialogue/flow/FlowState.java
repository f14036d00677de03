package dev.parley.dialogue.flow;

import java.util.HashMap;
import java.util.HashSet;
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

    /** The recognizer's confidence in this turn's words; null for keys or when unknown. Set as each turn starts. */
    Float turnConfidence;
    /** The lowest confidence among the turns that gave {@link #partialDigits}. */
    Float partialConfidence;
    /** How confidently each filled value was heard (absent: keyed, or confidence unknown). */
    final Map<String, Float> heardConfidence = new HashMap<>();
    /** The slot whose value is being read back to the caller, or null. */
    String confirmingSlot;
    /** "slot=value" the caller confirmed in this call: never read back again. */
    final Set<String> confirmed = new HashSet<>();

    void await(String intent, String slot, String partial) {
        pendingIntent = intent;
        pendingSlot = slot;
        partialDigits = partial;
        partialConfidence = partial.isEmpty() ? null : turnConfidence;
    }

    /** More digits of the pending slot, heard this turn. */
    void heardPartial(String digits) {
        partialDigits = digits;
        partialConfidence = lowest(partialConfidence, turnConfidence);
    }

    /** A slot got its whole value this turn (with whatever digits earlier turns gave). */
    void fill(String slot, String value, boolean keyed) {
        filled.put(slot, value);
        Float heard = keyed ? null : lowest(partialConfidence, turnConfidence);
        if (heard == null) {
            heardConfidence.remove(slot);
        } else {
            heardConfidence.put(slot, heard);
        }
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
    }

    boolean awaiting() {
        return pendingIntent != null;
    }

    private static Float lowest(Float a, Float b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Float.valueOf(Math.min(a, b));
    }
}
