package dev.parley.dialogue.flow;

import dev.parley.dialogue.flow.FlowDefinition.Intent;
import dev.parley.dialogue.slots.DigitRun;
import dev.parley.dialogue.slots.DigitSlot;
import dev.parley.dialogue.slots.YesNo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading an unsure high-consequence value back before a tool acts on it ("Just to check, that's order 1 2 3 4?"),
 * and the caller's reply: yes (or the same number again) confirms, no asks for it again, another number replaces it.
 * Callers hold the state's lock.
 */
final class ReadBack {

    /** What the flow does once a read-back reply settled the value: complete the intent, or ask for the slot. */
    interface Next {
        Step complete(FlowState state, Intent intent);

        Step askMore(String slotName, String partial);
    }

    private final FlowDefinition flow;
    private final Map<String, DigitSlot> slots;
    /** Per intent, the slots its tool marks high-consequence. */
    private final Map<String, Set<String>> readBack;
    private final double confirmBelow;

    ReadBack(FlowDefinition flow, Map<String, DigitSlot> slots, Map<String, Set<String>> readBack,
             double confirmBelow) {
        this.flow = flow;
        this.slots = slots;
        this.readBack = Map.copyOf(readBack);
        this.confirmBelow = confirmBelow;
    }

    /** A high-consequence value of the intent heard below the confidence threshold and not confirmed yet. */
    Optional<String> unclearValue(FlowState state, Intent intent) {
        for (String slot : readBack.getOrDefault(intent.name(), Set.of())) {
            Float heard = state.heardConfidence.get(slot);
            boolean confirmed = state.confirmed.contains(slot + "=" + state.filled.get(slot));
            if (heard != null && heard < confirmBelow && !confirmed) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    String prompt(FlowState state, String slotName) {
        FlowDefinition.Slot slot = flow.slots().get(slotName);
        String template = slot.confirm() != null ? slot.confirm()
                : "Just to check, that's {" + slotName + "|digits}, right?";
        return Template.render(template, state.filled);
    }

    /** The caller's answer to a read-back; empty if it is neither yes, no nor a number (they may have moved on). */
    Optional<Step> reply(FlowState state, String text, List<DigitRun> numbers, Intent intent, Next next) {
        String slotName = state.confirmingSlot;
        String value = state.filled.get(slotName);
        DigitSlot.Fill fill = slots.get(slotName).fill("", numbers, true);
        if (fill.outcome() == DigitSlot.Outcome.COMPLETE) {
            state.confirmingSlot = null;
            if (fill.digits().equals(value)) {
                state.confirmed.add(slotName + "=" + value); // said it again: that is a yes
            } else {
                state.fill(slotName, fill.digits(), fill.confidence()); // a correction, read back again if unclear
            }
            return Optional.of(next.complete(state, intent));
        }
        YesNo answer = YesNo.of(text);
        if (answer == YesNo.YES) {
            state.confirmingSlot = null;
            state.confirmed.add(slotName + "=" + value);
            return Optional.of(next.complete(state, intent));
        }
        if (answer == YesNo.NO) {
            state.confirmingSlot = null;
            state.filled.remove(slotName);
            state.heardConfidence.remove(slotName);
            state.await(intent.name(), slotName);
            if (fill.outcome() == DigitSlot.Outcome.PARTIAL) {
                state.heardPartial(fill.digits(), fill.confidence());
                return Optional.of(next.askMore(slotName, fill.digits()));
            }
            FlowDefinition.Slot slot = flow.slots().get(slotName);
            return Optional.of(new Step.Say("reask:" + slotName, slot.reask() != null ? slot.reask() : slot.ask(),
                    null));
        }
        return Optional.empty();
    }
}
