package dev.parley.dialogue.flow;

import dev.parley.dialogue.flow.matching.Target;
import dev.parley.dialogue.slots.DigitRun;

import java.util.List;
import java.util.Map;

/**
 * The flow's lines for a conversation going wrong (flow.yaml {@code repair:}): a clarifying question about a near
 * match, the answer to a "no" to it, and the fallback line, which after {@code afterMisses} misses in a row becomes
 * the options line (what the agent can do, or a person), alternating with it so neither is said twice in a row.
 */
final class Repair {

    static final String FALLBACK = "fallback";
    static final String OPTIONS = "options";

    private final FlowDefinition flow;
    private final FlowDefinition.Repair config;

    Repair(FlowDefinition flow) {
        this.flow = flow;
        this.config = flow.repairOr();
        Template.render(config.clarifyOr(), Map.of("topic", "check")); // a template error fails the tenant's load
    }

    /** "Just to be sure. Is your question: how do returns work?" — remembered with the turn's numbers, for a yes to act on. */
    Step clarify(FlowState state, Target target, List<DigitRun> numbers) {
        state.clarifying = target;
        state.clarifyingNumbers = List.copyOf(numbers);
        String route = "clarify:" + (target.isIntent() ? "intent:" : "knowledge:") + target.name();
        return new Step.Say(route, Template.render(config.clarifyOr(), Map.of("topic", target.topic())), null);
    }

    Step notThat() {
        return new Step.Say("notthat", config.notThatOr(flow.fallback()), null);
    }

    /** A turn the flow could not place: counted, answered with the fallback or the options line. */
    Step miss(FlowState state) {
        state.misses++;
        int after = config.afterMissesOr();
        if (state.misses >= after && (state.misses - after) % 2 == 0) {
            return new Step.Say(OPTIONS, config.optionsOr(flow.fallback()), null);
        }
        return new Step.Say(FALLBACK, flow.fallback(), null);
    }

    /** Whether the next miss would be answered with the options line rather than a re-ask. */
    boolean offersOptionsNext(FlowState state) {
        return state.misses + 1 >= config.afterMissesOr();
    }
}
