package dev.parley.dialogue.flow;

import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.flow.FlowDefinition.Intent;
import dev.parley.dialogue.knowledge.KnowledgeBase;
import dev.parley.dialogue.knowledge.KnowledgeHit;
import dev.parley.dialogue.slots.DigitRun;
import dev.parley.dialogue.slots.DigitSlot;
import dev.parley.dialogue.slots.SpokenDigits;
import dev.parley.dialogue.slots.Utterance;
import dev.parley.dialogue.slots.YesNo;
import dev.parley.dialogue.tools.ToolResult;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flow's decisions, free of I/O: given the call's {@link FlowState} and a turn, which intent, slot prompt,
 * knowledge answer or fallback comes next. Before an intent's tool acts on a high-consequence value that was heard
 * with low confidence — the lowest among the words that said it, across turns if it was given in parts; the turn's
 * mean when words are not known — the value is read back once ("Just to check, that's order 1 2 3 4?"): yes (or the
 * same number again) acts, no asks for it again, another number replaces it. Callers hold the state's lock.
 */
final class FlowPolicy {

    private final FlowDefinition flow;
    private final IntentMatcher matcher;
    private final KnowledgeBase knowledge;
    private final Map<String, DigitSlot> slots = new HashMap<>();
    private final Map<String, Intent> intents = new LinkedHashMap<>();
    /** Per intent, the slots its tool marks high-consequence. */
    private final Map<String, Set<String>> readBack;
    private final double confirmBelow;
    /** Null: unmatched turns get the fallback line (no LLM to hand them to). */
    private final OffScript offScript;
    /** Whether intents with {@code llm:} go to the LLM; without one they say their {@code say} line. */
    private final boolean llmAvailable;

    /**
     * @param readBack     per intent, the slots to read back when heard with a confidence below {@code confirmBelow}
     */
    FlowPolicy(FlowDefinition flow, IntentMatcher matcher, KnowledgeBase knowledge, Map<String, Set<String>> readBack,
               double confirmBelow, OffScript offScript, boolean llmAvailable) {
        this.flow = flow;
        this.offScript = offScript;
        this.llmAvailable = llmAvailable;
        this.matcher = matcher;
        this.knowledge = knowledge;
        this.readBack = Map.copyOf(readBack);
        this.confirmBelow = confirmBelow;
        flow.slotsOrEmpty().forEach((name, s) -> slots.put(name, new DigitSlot(s.minLength(), s.maxLength())));
        flow.intents().forEach(i -> intents.put(i.name(), i));
    }

    /** @param sentence the embedding of the turn's text */
    Step onSpeech(FlowState state, TurnInput turn, float[] sentence) {
        Step step = speech(state, turn, sentence);
        OffScript.placed(state, step);
        return step;
    }

    private Step speech(FlowState state, TurnInput turn, float[] sentence) {
        String text = turn.text();
        // Each number carries how confidently its own words were heard: that, not the turn's mean, decides a read-back.
        List<DigitRun> numbers = SpokenDigits.find(Utterance.of(turn));
        List<IntentMatcher.Score> ranked = matcher.rank(sentence);
        IntentMatcher.Score best = ranked.get(0);
        double runnerUp = ranked.size() > 1 ? ranked.get(1).score() : -1;
        boolean confident = best.score() >= flow.matching().threshold()
                && best.score() - runnerUp >= flow.matching().margin();
        double knowledgeThreshold = flow.knowledge() == null ? 1 : flow.knowledge().threshold();
        Optional<KnowledgeHit> hit = knowledge.best(sentence).filter(h -> h.score() >= knowledgeThreshold);

        if (state.confirmingSlot != null) {
            Optional<Step> reply = readBackReply(state, text, numbers);
            if (reply.isPresent()) {
                return reply.get();
            }
            if (!confident && hit.isEmpty()) {
                return readBackPrompt(state, state.confirmingSlot);
            }
            state.clearPending(); // the caller moved on to something else
        }
        if (state.awaiting()) {
            Optional<Step> slotStep = continueSlot(state, numbers);
            if (slotStep.isPresent()) {
                return slotStep.get();
            }
            if (!confident && hit.isEmpty()) {
                FlowDefinition.Slot slot = flow.slots().get(state.pendingSlot);
                String reask = slot.reask() != null ? slot.reask() : slot.ask();
                return offScript != null ? offScript.unmatched(state, reask, flow.fallback())
                        : new Step.Say("reask:" + state.pendingSlot, reask, null);
            }
            state.clearPending(); // the caller moved on to something else
        }
        if (confident && (hit.isEmpty() || best.score() >= hit.get().score())) {
            return startIntent(state, best.intent(), numbers);
        }
        if (hit.isPresent()) {
            return new Step.Say("knowledge:" + hit.get().chunk().heading(), hit.get().chunk().text(), null);
        }
        Optional<Intent> byNumber = intentCollecting(numbers);
        if (byNumber.isPresent()) {
            return startIntent(state, byNumber.get(), numbers);
        }
        return offScript != null ? offScript.unmatched(state, null, flow.fallback())
                : new Step.Say("fallback", flow.fallback(), null);
    }

    /** Keys pressed on the phone fill the slot being asked for, or the first slot any intent collects. */
    Step onDtmf(FlowState state, String keys) {
        String typed = state.dtmfKeys + keys;
        Intent intent = state.awaiting() ? intents.get(state.pendingIntent) : firstIntentWithSlot().orElse(null);
        if (intent == null) {
            state.dtmfKeys = "";
            return new Step.Say("fallback", flow.fallback(), null);
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

    /** Fills the intent's remaining slots from this turn's numbers; asks for the first one still missing. */
    private Step nextSlotOrComplete(FlowState state, Intent intent, List<DigitRun> numbers) {
        for (String slotName : intent.slotNames()) {
            if (state.filled.containsKey(slotName)) {
                continue;
            }
            DigitSlot.Fill fill = slots.get(slotName).fill("", numbers, false);
            if (fill.outcome() == DigitSlot.Outcome.COMPLETE) {
                state.fill(slotName, fill.digits(), fill.confidence());
                continue;
            }
            boolean partial = fill.outcome() == DigitSlot.Outcome.PARTIAL;
            state.await(intent.name(), slotName, partial ? fill.digits() : "", fill.confidence());
            return partial ? askMore(slotName, fill.digits())
                    : new Step.Say("ask:" + slotName, flow.slots().get(slotName).ask(), null);
        }
        Optional<String> unclear = unclearValue(state, intent);
        if (unclear.isPresent()) {
            state.pendingIntent = intent.name();
            state.pendingSlot = unclear.get();
            state.confirmingSlot = unclear.get();
            return readBackPrompt(state, unclear.get());
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

    /** A high-consequence value of the intent heard below the confidence threshold and not confirmed yet. */
    private Optional<String> unclearValue(FlowState state, Intent intent) {
        for (String slot : readBack.getOrDefault(intent.name(), Set.of())) {
            Float heard = state.heardConfidence.get(slot);
            boolean confirmed = state.confirmed.contains(slot + "=" + state.filled.get(slot));
            if (heard != null && heard < confirmBelow && !confirmed) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    private Step readBackPrompt(FlowState state, String slotName) {
        FlowDefinition.Slot slot = flow.slots().get(slotName);
        String template = slot.confirm() != null ? slot.confirm()
                : "Just to check, that's {" + slotName + "|digits}, right?";
        return new Step.Say("confirm:" + slotName, Template.render(template, state.filled), null);
    }

    /** The caller's answer to a read-back; empty if it is neither yes, no nor a number (they may have moved on). */
    private Optional<Step> readBackReply(FlowState state, String text, List<DigitRun> numbers) {
        String slotName = state.confirmingSlot;
        Intent intent = intents.get(state.pendingIntent);
        String value = state.filled.get(slotName);
        DigitSlot.Fill fill = slots.get(slotName).fill("", numbers, true);
        if (fill.outcome() == DigitSlot.Outcome.COMPLETE) {
            state.confirmingSlot = null;
            if (fill.digits().equals(value)) {
                state.confirmed.add(slotName + "=" + value); // said it again: that is a yes
            } else {
                state.fill(slotName, fill.digits(), fill.confidence()); // a correction, read back again if unclear
            }
            return Optional.of(nextSlotOrComplete(state, intent, List.of()));
        }
        YesNo answer = YesNo.of(text);
        if (answer == YesNo.YES) {
            state.confirmingSlot = null;
            state.confirmed.add(slotName + "=" + value);
            return Optional.of(nextSlotOrComplete(state, intent, List.of()));
        }
        if (answer == YesNo.NO) {
            state.confirmingSlot = null;
            state.filled.remove(slotName);
            state.heardConfidence.remove(slotName);
            state.await(intent.name(), slotName);
            if (fill.outcome() == DigitSlot.Outcome.PARTIAL) {
                state.heardPartial(fill.digits(), fill.confidence());
                return Optional.of(askMore(slotName, fill.digits()));
            }
            FlowDefinition.Slot slot = flow.slots().get(slotName);
            return Optional.of(new Step.Say("reask:" + slotName, slot.reask() != null ? slot.reask() : slot.ask(),
                    null));
        }
        return Optional.empty();
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
        for (Intent intent : intents.values()) {
            for (String slotName : intent.slotNames()) {
                for (DigitRun n : numbers) {
                    if (slots.get(slotName).isComplete(n.digits())) {
                        return Optional.of(intent);
                    }
                }
            }
        }
        return Optional.empty();
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
