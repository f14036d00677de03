package dev.parley.dialogue.flow;

import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.flow.FlowDefinition.Intent;
import dev.parley.dialogue.flow.matching.HybridMatcher;
import dev.parley.dialogue.flow.matching.Match;
import dev.parley.dialogue.flow.matching.Target;
import dev.parley.dialogue.slots.DigitRun;
import dev.parley.dialogue.slots.DigitSlot;
import dev.parley.dialogue.slots.SpokenDigits;
import dev.parley.dialogue.slots.Utterance;
import dev.parley.dialogue.slots.YesNo;
import dev.parley.dialogue.tools.ToolResult;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flow's decisions, free of I/O: given the call's {@link FlowState} and a turn, which intent, slot prompt,
 * knowledge answer, clarifying question or fallback comes next. A pending slot or read-back ({@link ReadBack}) takes
 * the turn's number first; a question asked meanwhile is answered and the pending prompt said once more after it; a
 * new intent replaces the pending one; a goodbye always ends the call; a prompt is never said a third time in a row,
 * and misses in a row get the options line ({@link Repair}). Callers hold the state's lock.
 */
final class FlowPolicy {

    private final FlowDefinition flow;
    private final HybridMatcher matcher;
    private final Map<String, DigitSlot> slots = new HashMap<>();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    private final ReadBack readBack;
    private final Repair repair;
    /** Null: unmatched turns get the fallback line (no LLM to hand them to). */
    private final OffScript offScript;
    /** Whether intents with {@code llm:} go to the LLM; without one they say their {@code say} line. */
    private final boolean llmAvailable;
    private final ReadBack.Next next = new ReadBack.Next() {
        @Override
        public Step complete(FlowState state, Intent intent) {
            return nextSlotOrComplete(state, intent, List.of());
        }

        @Override
        public Step askMore(String slotName, String partial) {
            return FlowPolicy.this.askMore(slotName, partial);
        }
    };

    /** @param readBack per intent, the slots to read back when heard with a confidence below {@code confirmBelow} */
    FlowPolicy(FlowDefinition flow, HybridMatcher matcher, Map<String, Set<String>> readBack, double confirmBelow,
               OffScript offScript, boolean llmAvailable) {
        this.flow = flow;
        this.offScript = offScript;
        this.llmAvailable = llmAvailable;
        this.matcher = matcher;
        flow.slotsOrEmpty().forEach((name, s) -> slots.put(name, new DigitSlot(s.minLength(), s.maxLength())));
        flow.intents().forEach(i -> intents.put(i.name(), i));
        this.readBack = new ReadBack(flow, slots, readBack, confirmBelow);
        this.repair = new Repair(flow);
    }

    /** @param sentence the embedding of the turn's text */
    Step onSpeech(FlowState state, TurnInput turn, float[] sentence) {
        int misses = state.misses;
        Step step = speech(state, turn, sentence);
        if (state.misses == misses) {
            state.misses = 0; // understood: the count of misses in a row starts over
        }
        OffScript.placed(state, step);
        return step;
    }

    private Step speech(FlowState state, TurnInput turn, float[] sentence) {
        String text = turn.text();
        // Each number carries how confidently its own words were heard: that, not the turn's mean, decides a read-back.
        List<DigitRun> numbers = SpokenDigits.find(Utterance.of(turn));
        Match match = matcher.match(text, sentence, cued(numbers));
        Target best = match.best() == null ? null : match.best().target();
        boolean answers = match.answers();

        if (answers && best.isIntent() && best.intent().endCall() != null && !givesPendingValue(state, numbers)) {
            state.clarifying = null;
            return startIntent(state, best.intent(), numbers); // a goodbye ends the call, whatever is pending
        }
        if (state.clarifying != null) {
            Target asked = state.clarifying;
            List<DigitRun> askedNumbers = state.clarifyingNumbers;
            state.clarifying = null;
            state.clarifyingNumbers = List.of();
            YesNo reply = answers ? YesNo.UNCLEAR : YesNo.of(text);
            if (reply == YesNo.YES) {
                return answer(state, asked, askedNumbers);
            }
            if (reply == YesNo.NO) {
                return state.awaiting() ? aside(state, repair.notThat()) : repair.notThat();
            }
            // Anything else is a rephrase: placed like any turn.
        }
        if (state.confirmingSlot != null) {
            Optional<Step> reply = readBack.reply(state, text, numbers, intents.get(state.pendingIntent), next);
            if (reply.isPresent()) {
                return reply.get();
            }
            return answers ? answer(state, best, numbers) : unplacedWhilePending(state, match, numbers, false);
        }
        if (state.awaiting()) {
            Optional<Step> slotStep = continueSlot(state, numbers);
            if (slotStep.isPresent()) {
                return slotStep.get();
            }
            return answers ? answer(state, best, numbers) : unplacedWhilePending(state, match, numbers, true);
        }
        if (answers) {
            return answer(state, best, numbers);
        }
        Optional<Intent> byNumber = intentCollecting(numbers);
        if (byNumber.isPresent()) {
            return startIntent(state, byNumber.get(), numbers);
        }
        if (match.clarifies() && offScript == null) {
            return repair.clarify(state, best, numbers);
        }
        return offScript != null ? offScript.unmatched(state, null, flow.fallback()) : repair.miss(state);
    }

    /**
     * A target the caller asked about. With something pending, an intent that collects slots, transfers or ends
     * the call replaces it; anything else is an aside: answered, then the pending prompt once more.
     */
    private Step answer(FlowState state, Target target, List<DigitRun> numbers) {
        if (!target.isIntent()) {
            Step knowledge = new Step.Say("knowledge:" + target.name(), target.chunk().text(), null);
            return state.awaiting() ? aside(state, knowledge) : knowledge;
        }
        Intent intent = target.intent();
        boolean replaces = !intent.slotNames().isEmpty() || intent.transfer() != null || intent.endCall() != null
                || (intent.llm() != null && llmAvailable);
        if (!state.awaiting() || replaces) {
            return startIntent(state, intent, numbers);
        }
        return aside(state, say("intent:" + intent.name(), intent, Template.render(intent.say(), Map.of())));
    }

    /** The aside's answer, then the pending prompt — once: if the caller moves on again, the pending item is left. */
    private Step aside(FlowState state, Step answer) {
        String prompt = pendingPrompt(state);
        if (state.resumed || !(answer instanceof Step.Say say) || !state.prompting(prompt)) {
            state.clearPending();
            return answer;
        }
        state.resumed = true;
        return new Step.Say(say.route(), say.text() + " " + prompt, say.action());
    }

    /**
     * A turn that is neither the pending value nor a confident match: a clarifying question (the pending item
     * waits), the LLM (slots only), or the pending prompt again — unless that would be its third time in a row, or
     * the caller already moved on after a resumed prompt, or the misses in a row call for the options line: then the
     * pending item is dropped.
     */
    private Step unplacedWhilePending(FlowState state, Match match, List<DigitRun> numbers, boolean slot) {
        if (match.clarifies() && offScript == null) {
            return repair.clarify(state, match.best().target(), numbers);
        }
        String prompt = pendingPrompt(state);
        if (slot && offScript != null) {
            return offScript.unmatched(state, prompt, flow.fallback());
        }
        if (!state.resumed && !repair.offersOptionsNext(state) && state.prompting(prompt)) {
            state.misses++;
            String route = state.confirmingSlot != null ? "confirm:" + state.confirmingSlot
                    : "reask:" + state.pendingSlot;
            return new Step.Say(route, prompt, null);
        }
        state.clearPending();
        return repair.miss(state);
    }

    /** What the pending item is asked with now: the read-back, the rest of a number, or the slot's re-ask. */
    private String pendingPrompt(FlowState state) {
        if (state.confirmingSlot != null) {
            return readBack.prompt(state, state.confirmingSlot);
        }
        FlowDefinition.Slot slot = flow.slots().get(state.pendingSlot);
        if (!state.partialDigits.isEmpty() && slot.askMore() != null) {
            return Template.render(slot.askMore(), Map.of("partial", state.partialDigits));
        }
        return slot.reask() != null ? slot.reask() : slot.ask();
    }

    /** Whether this turn's numbers answer the pending slot or read-back ("bye" in it does not end the call then). */
    private boolean givesPendingValue(FlowState state, List<DigitRun> numbers) {
        return state.awaiting() && slots.get(state.pendingSlot).fill(state.partialDigits, numbers, true).outcome()
                == DigitSlot.Outcome.COMPLETE;
    }

    /** Intents one of whose slots a number of this turn fills: the number is a cue for them. */
    private Set<String> cued(List<DigitRun> numbers) {
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

    /** Keys pressed on the phone fill the slot being asked for, or the first slot any intent collects. */
    Step onDtmf(FlowState state, String keys) {
        String typed = state.dtmfKeys + keys;
        Intent intent = state.awaiting() ? intents.get(state.pendingIntent) : firstIntentWithSlot().orElse(null);
        if (intent == null) {
            state.dtmfKeys = "";
            return new Step.Say(Repair.FALLBACK, flow.fallback(), null);
        }
        state.clarifying = null;
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

    private Optional<Step> continueSlot(FlowState state, List<DigitRun> numbers) {
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

    private Step startIntent(FlowState state, Intent intent, List<DigitRun> numbers) {
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

    private Optional<Intent> intentCollecting(List<DigitRun> numbers) {
        Set<String> cued = cued(numbers);
        return intents.values().stream().filter(i -> cued.contains(i.name())).findFirst();
    }

    private Optional<Intent> firstIntentWithSlot() {
        return intents.values().stream().filter(i -> !i.slotNames().isEmpty()).findFirst();
    }

    private static Step say(String route, Intent intent, String text) {
        BrainOutput action = null;
        if (intent.transfer() != null) {
            action = new BrainOutput.Transfer(intent.transfer().target(),
                    intent.transfer().reason() == null ? "" : intent.transfer().reason());
        } else if (intent.endCall() != null) {
            action = new BrainOutput.EndCall(intent.endCall().reason() == null ? "" : intent.endCall().reason());
        }
        return new Step.Say(route, text, action);
    }
}
