package dev.parley.dialogue.flow;

import dev.parley.dialogue.brain.BrainOutput;

import java.util.Map;

/** What the flow decided to do with a turn; {@code route} says why, for logs and tests. */
sealed interface Step permits Step.Say, Step.Lookup, Step.Silent {

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
}
