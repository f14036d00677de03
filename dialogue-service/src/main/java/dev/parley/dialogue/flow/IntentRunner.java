package dev.parley.dialogue.flow;

import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.flow.FlowDefinition.Intent;
import dev.parley.dialogue.slots.DigitRun;
import dev.parley.dialogue.slots.DigitSlot;
import dev.parley.dialogue.tools.ToolResult;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs an intent once the flow knows what the caller wants: fills its slots from spoken numbers (over turns) or keys,
 * reads an unsure high-consequence value back ({@link ReadBack}), then runs its tool, hands it to the LLM or says its
 * line. Callers hold the state's lock.
 */
final class IntentRunner {

    private final FlowDefinition flow;
    private final Map<String, DigitSlot> slots = new HashMap<>();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final ReadBack readBack;
    /** Whether intents with {@code llm:} go to the LLM; without one they say their {@code say} line. */
    private final boolean llmAvailable;
    final ReadBack.Next next = new ReadBack.Next() {
        @Override
        public Step complete(FlowState state, Intent intent) {
            return nextSlotOrComplete(state, intent, List.of());
        }

        @Override
        public Step askMore(String slotName, String partial) {
            return IntentRunner.this.askMore(slotName, partial);
        }
    };

    IntentRunner(FlowDefinition flow, Map<String, Set<String>> readBack, double confirmBelow, boolean llmAvailable) {
        this.flow = flow;
        this.llmAvailable = llmAvailable;
        flow.slotsOrEmpty().forEach((name, s) -> slots.put(name, new DigitSlot(s.minLength(), s.maxLength())));
        flow.intents().forEach(i -> intents.put(i.name(), i));
        this.readBack = new ReadBack(flow, slots, readBack, confirmBelow);
    }

    ReadBack readBack() {
        return readBack;
    }

    Intent intent(String name) {
        return intents.get(name);
    }

    DigitSlot slot(String name) {
        return slots.get(name);
    }

    boolean llmAvailable() {
        return llmAvailable;
    }

    /** Keys pressed on the phone fill the slot being asked for, or the first slot any intent collects. */
    Step onDtmf(FlowState state, String keys) {
        String typed = state.dtmfKeys + keys;
        Intent intent = state.awaiting() ? intents.get(state.pendingIntent) : firstIntentWithSlot().orElse(null);
        if (intent == null) {
            state.dtmfKeys = "";
            return new Step.Say(Repair.FALLBACK, flow.fallback(), null);
        }
        String slotName = state.awaiting() ? state.pendingSlot : intent.slotNames().get(0);
        DigitSlot slot = slots.get(slotName);
        String digits = typed.replaceAll("[^0-9]", "");
        // '#' ends an entry; without it, an entry ends once it is long enough.
        if (typed.indexOf('#') < 0 && digits.length() < slot.minLength()) {
            state.dtmfKeys = typed;
            return new Step.Silent("dtmf:collecting");
        }
        state.dtmfKeys = "";
        if (!slot.isComplete(digits)) {
            state.await(intent.name(), slotName);
            return new Step.Say("invalid:" + slotName, invalidPrompt(slotName), null);
        }
        if (!state.awaiting()) {
            state.await(intent.name(), slotName);
        }
        // Keys are exact: a value being read back is settled by them.
        state.confirmingSlot = null;
        state.fillKeyed(slotName, digits);
        return nextSlotOrComplete(state, intent, List.of());
    }

    /** The answer once the intent's tool has run; an unknown record keeps the slot open for another try. */
    Step afterLookup(FlowState state, Intent intent, Map<String, String> values, ToolResult result) {
        if (result.found()) {
            Map<String, String> all = new HashMap<>(result.fields());
            all.putAll(values);
            return say("intent:" + intent.name(), intent, Template.render(intent.say(), all));
        }
        String text = intent.sayNotFound() != null ? Template.render(intent.sayNotFound(), values) : flow.fallback();
        if (!intent.slotNames().isEmpty()) {
            state.await(intent.name(), intent.slotNames().get(0));
        }
        return new Step.Say("notfound:" + intent.name(), text, null);
    }

    Optional<Step> continueSlot(FlowState state, List<DigitRun> numbers) {
        String slotName = state.pendingSlot;
        DigitSlot.Fill fill = slots.get(slotName).fill(state.partialDigits, numbers, true);
        Intent intent = intents.get(state.pendingIntent);
        switch (fill.outcome()) {
            case COMPLETE:
                state.fill(slotName, fill.digits(), fill.confidence());
                // This turn's number is used up: it must not also fill the intent's next slot.
                return Optional.of(nextSlotOrComplete(state, intent, List.of()));
            case PARTIAL:
                state.heardPartial(fill.digits(), fill.confidence());
                return Optional.of(askMore(slotName, fill.digits()));
            case INVALID:
                state.partialDigits = "";
                return Optional.of(new Step.Say("invalid:" + slotName, invalidPrompt(slotName), null));
            default:
                return Optional.empty();
        }
    }

    Step start(FlowState state, Intent intent, List<DigitRun> numbers) {
        state.clearPending();
        if (!intent.slotNames().isEmpty()) {
            state.await(intent.name(), intent.slotNames().get(0));
        }
        return nextSlotOrComplete(state, intent, numbers);
    }

    /**
     * Fills the intent's remaining slots from this turn's numbers; asks for the first one still missing. A number
     * one digit short of the slot is taken as its start (a digit lost on a noisy line): the caller is asked for the
     * rest.
     */
    private Step nextSlotOrComplete(FlowState state, Intent intent, List<DigitRun> numbers) {
        for (String slotName : intent.slotNames()) {
            if (state.filled.containsKey(slotName)) {
                continue;
            }
            DigitSlot slot = slots.get(slotName);
            boolean oneShort = numbers.stream().anyMatch(n -> n.digits().length() == slot.minLength() - 1
                    && n.digits().length() >= 2);
            DigitSlot.Fill fill = slot.fill("", numbers, oneShort);
            if (fill.outcome() == DigitSlot.Outcome.COMPLETE) {
                state.fill(slotName, fill.digits(), fill.confidence());
                continue;
            }
            boolean partial = fill.outcome() == DigitSlot.Outcome.PARTIAL;
            state.await(intent.name(), slotName, partial ? fill.digits() : "", fill.confidence());
            Step ask = partial ? askMore(slotName, fill.digits())
                    : new Step.Say("ask:" + slotName, flow.slots().get(slotName).ask(), null);
            state.prompting(((Step.Say) ask).text());
            return ask;
        }
        Optional<String> unclear = readBack.unclearValue(state, intent);
        if (unclear.isPresent()) {
            state.pendingIntent = intent.name();
            state.pendingSlot = unclear.get();
            state.confirmingSlot = unclear.get();
            String prompt = readBack.prompt(state, unclear.get());
            state.prompting(prompt);
            return new Step.Say("confirm:" + unclear.get(), prompt, null);
        }
        Map<String, String> values = Map.copyOf(state.filled);
        state.clearPending();
        if (intent.tool() != null) {
            return new Step.Lookup("tool:" + intent.tool(), intent, values);
        }
        if (intent.llm() != null && llmAvailable) {
            return new Step.HandOff("llm:" + intent.name(), Template.render(intent.llm(), values), null);
        }
        return say("intent:" + intent.name(), intent, Template.render(intent.say(), values));
    }

    private Step askMore(String slotName, String partial) {
        FlowDefinition.Slot slot = flow.slots().get(slotName);
        String text = slot.askMore() != null ? Template.render(slot.askMore(), Map.of("partial", partial)) : slot.ask();
        return new Step.Say("partial:" + slotName, text, null);
    }

    private String invalidPrompt(String slotName) {
        FlowDefinition.Slot slot = flow.slots().get(slotName);
        return slot.invalid() != null ? slot.invalid() : slot.ask();
    }

    Optional<Intent> collecting(List<DigitRun> numbers) {
        Set<String> cued = cued(numbers);
        return intents.values().stream().filter(i -> cued.contains(i.name())).findFirst();
    }

    private Optional<Intent> firstIntentWithSlot() {
        return intents.values().stream().filter(i -> !i.slotNames().isEmpty()).findFirst();
    }

    static Step say(String route, Intent intent, String text) {
        BrainOutput action = null;
        if (intent.transfer() != null) {
            action = new BrainOutput.Transfer(intent.transfer().target(),
                    intent.transfer().reason() == null ? "" : intent.transfer().reason());
        } else if (intent.endCall() != null) {
            action = new BrainOutput.EndCall(intent.endCall().reason() == null ? "" : intent.endCall().reason());
        }
        return new Step.Say(route, text, action);
    }

    /** Intents one of whose slots a number of this turn fills: the number is a cue for them. */
    Set<String> cued(List<DigitRun> numbers) {
        Set<String> out = new HashSet<>();
        for (Intent intent : intents.values()) {
            for (String slotName : intent.slotNames()) {
                for (DigitRun n : numbers) {
                    if (slots.get(slotName).isComplete(n.digits())) {
                        out.add(intent.name());
                    }
                }
            }
        }
        return out;
    }
}
