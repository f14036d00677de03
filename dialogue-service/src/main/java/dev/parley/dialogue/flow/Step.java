package dev.parley.dialogue.flow;

import dev.parley.dialogue.brain.BrainOutput;

import java.util.Map;

/** What the flow decided to do with a turn; {@code route} says why, for logs and tests. */
sealed interface Step permits Step.Say, Step.Lookup, Step.Silent, Step.HandOff {

    String route();

    /** Speak {@code text}, then perform {@code action} (null for none). */
    record Say(String route, String text, BrainOutput action) implements Step {
    }

    /** Run the intent's tool with the slot values, then answer from its result. */
    record Lookup(String route, FlowDefinition.Intent intent, Map<String, String> values) implements Step {
    }

    /** Nothing to say yet (a DTMF entry still being typed). */
    record Silent(String route) implements Step {
    }

    /**
     * A turn for the LLM (an off-script one, or an intent's with {@code llm:}): the LLM answers it within
     * {@code instructions}, then {@code back} (null for none) brings the caller back to the question the flow is
     * waiting on.
     */
    record HandOff(String route, String instructions, String back) implements Step {
    }
}
