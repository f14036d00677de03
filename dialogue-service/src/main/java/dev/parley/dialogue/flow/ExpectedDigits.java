package dev.parley.dialogue.flow;

import java.util.Set;
import java.util.TreeSet;

/**
 * The digit counts that would make the caller's next answer a whole number, told to the gateway with each turn's end
 * so it neither answers in the pause between digit groups nor waits after the last digit. While a slot is asked for:
 * its lengths, and what is still missing of it; otherwise every digit slot's lengths, as callers give numbers unasked
 * ("where is my order one two three four").
 */
final class ExpectedDigits {

    private ExpectedDigits() {
    }

    static Set<Integer> after(FlowDefinition flow, FlowState state) {
        String asked = state.confirmingSlot != null ? state.confirmingSlot : state.pendingSlot;
        FlowDefinition.Slot slot = asked == null ? null : flow.slotsOrEmpty().get(asked);
        Set<Integer> counts = new TreeSet<>();
        if (slot != null) {
            addLengths(counts, slot, 0);
            if (state.confirmingSlot == null) {
                addLengths(counts, slot, state.partialDigits.length());
            }
            return counts;
        }
        flow.slotsOrEmpty().values().forEach(s -> addLengths(counts, s, 0));
        return counts;
    }

    private static void addLengths(Set<Integer> counts, FlowDefinition.Slot slot, int heard) {
        for (int n = slot.minLength(); n <= slot.maxLength(); n++) {
            if (n > heard) {
                counts.add(n - heard);
            }
        }
    }
}
