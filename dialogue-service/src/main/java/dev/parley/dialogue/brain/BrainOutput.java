package dev.parley.dialogue.brain;

import java.util.Set;

/** One element of a turn's answer stream. */
public sealed interface BrainOutput permits BrainOutput.Text, BrainOutput.Transfer, BrainOutput.EndCall, BrainOutput.Done {

    /** Text to speak; a turn's text is the concatenation of its deltas. */
    record Text(String delta) implements BrainOutput {
    }

    /** Hand the caller to a human once the text before it has been heard. */
    record Transfer(String target, String reason) implements BrainOutput {
    }

    /** Hang up once the text before it has been heard. */
    record EndCall(String reason) implements BrainOutput {
    }

    /**
     * Last element of a turn: which brain answered, and the digit counts that would make the caller's next answer a
     * whole number (empty: no number expected, or the brain cannot tell).
     */
    record Done(String brain, Set<Integer> expectedDigits) implements BrainOutput {
        public Done {
            expectedDigits = Set.copyOf(expectedDigits);
        }

        public Done(String brain) {
            this(brain, Set.of());
        }
    }
}
