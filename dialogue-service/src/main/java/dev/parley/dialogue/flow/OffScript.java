package dev.parley.dialogue.flow;

import java.util.Map;

/**
 * What the flow does with a turn that matches nothing when it may hand such turns to an LLM (flow.yaml {@code llm:}):
 * the LLM answers it within the flow's instructions, and the flow's back line re-asks what it is waiting on; after
 * {@code maxTurns} off-script turns in a row the LLM is not asked again, the back line steers the caller to the script
 * until a turn matches. The flow decides every turn first: only unmatched turns come here.
 */
final class OffScript {

    static final String HAND_OFF = "llm";
    static final String BACK = "back";

    private final FlowDefinition.OffScriptLlm config;

    OffScript(FlowDefinition.OffScriptLlm config) {
        this.config = config;
        back("check"); // a template error surfaces when the tenant loads, not in a call
    }

    /**
     * @param pending  the question the flow is waiting on (a slot's prompt), or null
     * @param fallback the flow's line for a turn it cannot place
     */
    Step unmatched(FlowState state, String pending, String fallback) {
        if (state.offScriptTurns >= config.maxTurnsOr()) {
            return new Step.Say(BACK, back(pending != null ? pending : fallback), null);
        }
        state.offScriptTurns++;
        return new Step.HandOff(HAND_OFF, config.instructions(), pending == null ? null : back(pending));
    }

    /** The flow placed this turn (an intent's own hand-off included): the caller is on script again. */
    static void placed(FlowState state, Step step) {
        if (!HAND_OFF.equals(step.route()) && !BACK.equals(step.route())) {
            state.offScriptTurns = 0;
        }
    }

    private String back(String pending) {
        return Template.render(config.backOr(), Map.of("pending", pending));
    }
}
