package dev.parley.dialogue.flow;

import java.util.HashMap;
import java.util.Map;

/**
 * The flow brain's memory of one call: an intent waiting for a slot, the digits collected so far, keys pressed so
 * far. Guarded by the conversation's lock in {@link FlowBrain}.
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

    void await(String intent, String slot, String partial) {
        pendingIntent = intent;
        pendingSlot = slot;
        partialDigits = partial;
    }

    void clearPending() {
        filled.clear();
        pendingIntent = null;
        pendingSlot = null;
        partialDigits = "";
    }

    boolean awaiting() {
        return pendingIntent != null;
    }
}
