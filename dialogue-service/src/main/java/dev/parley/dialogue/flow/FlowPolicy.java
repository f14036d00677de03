package dev.parley.dialogue.flow;

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
    private final IntentRunner runner;
    private final ReadBack readBack;
    private final Repair repair;
    /** Null: unmatched turns get the fallback line (no LLM to hand them to). */
    private final OffScript offScript;

    /** @param readBack per intent, the slots to read back when heard with a confidence below {@code confirmBelow} */
    FlowPolicy(FlowDefinition flow, HybridMatcher matcher, Map<String, Set<String>> readBack, double confirmBelow,
               OffScript offScript, boolean llmAvailable) {
        this.flow = flow;
        this.offScript = offScript;
        this.matcher = matcher;
        this.runner = new IntentRunner(flow, readBack, confirmBelow, llmAvailable);
        this.readBack = runner.readBack();
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
        Match match = matcher.match(text, sentence, runner.cued(numbers));
        Target best = match.best() == null ? null : match.best().target();
        boolean answers = match.answers();

        if (answers && best.isIntent() && best.intent().endCall() != null && !givesPendingValue(state, numbers)) {
            state.clarifying = null;
            return runner.start(state, best.intent(), numbers); // a goodbye ends the call, whatever is pending
        }
        if (state.clarifying != null) {
            Target asked = state.clarifying;
            List<DigitRun> askedNumbers = state.clarifyingNumbers;
            state.clarifying = null;
            state.clarifyingNumbers = List.of();
            YesNo reply = answers ? YesNo.UNCLEAR : YesNo.of(text);
            if (reply == YesNo.YES && state.confirmingSlot == null && givesPendingValue(state, numbers)) {
                // "Sure, it's 550012": the number the caller came to give outweighs the side question's answer.
                return runner.continueSlot(state, numbers).orElseThrow();
            }
            if (reply == YesNo.YES) {
                return answer(state, asked, askedNumbers);
            }
            if (reply == YesNo.NO) {
                return state.awaiting() ? aside(state, repair.notThat()) : repair.notThat();
            }
            // Anything else is a rephrase: placed like any turn.
        }
        if (state.confirmingSlot != null) {
            Optional<Step> reply = readBack.reply(state, text, numbers, runner.intent(state.pendingIntent), runner.next);
            if (reply.isPresent()) {
                return reply.get();
            }
            return answers ? answer(state, best, numbers) : unplacedWhilePending(state, match, numbers, false);
        }
        if (state.awaiting()) {
            Optional<Step> slotStep = runner.continueSlot(state, numbers);
            if (slotStep.isPresent()) {
                return slotStep.get();
            }
            return answers ? answer(state, best, numbers) : unplacedWhilePending(state, match, numbers, true);
        }
        if (answers) {
            return answer(state, best, numbers);
        }
        Optional<Intent> byNumber = runner.collecting(numbers);
        if (byNumber.isPresent()) {
            return runner.start(state, byNumber.get(), numbers);
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
                || (intent.llm() != null && runner.llmAvailable());
        if (!state.awaiting() || replaces) {
            return runner.start(state, intent, numbers);
        }
        return aside(state, IntentRunner.say("intent:" + intent.name(), intent, Template.render(intent.say(), Map.of())));
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
        return state.awaiting() && runner.slot(state.pendingSlot).fill(state.partialDigits, numbers, true).outcome()
                == DigitSlot.Outcome.COMPLETE;
    }

    /** Keys pressed on the phone fill the slot being asked for, or the first slot any intent collects. */
    Step onDtmf(FlowState state, String keys) {
        state.clarifying = null;
        return runner.onDtmf(state, keys);
    }

    /** The answer once the intent's tool has run; an unknown record keeps the slot open for another try. */
    Step afterLookup(FlowState state, Intent intent, Map<String, String> values, ToolResult result) {
        return runner.afterLookup(state, intent, values, result);
    }
}
