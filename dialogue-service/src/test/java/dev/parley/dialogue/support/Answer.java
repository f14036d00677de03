package dev.parley.dialogue.support;

import dev.parley.dialogue.brain.Brain;
import dev.parley.dialogue.brain.BrainOutput;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.TurnInput;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A whole turn's output collected from a brain, with helpers to read it. */
public record Answer(List<BrainOutput> outputs) {

    public static Answer of(Brain brain, Conversation conversation, TurnInput input) {
        return new Answer(brain.respond(conversation, input).collect().asList().await().atMost(Duration.ofSeconds(20)));
    }

    public static Answer say(Brain brain, Conversation conversation, long turnId, String text) {
        return of(brain, conversation, TurnInput.speech(turnId, text));
    }

    public static Answer keys(Brain brain, Conversation conversation, long turnId, String digits) {
        return of(brain, conversation, TurnInput.dtmf(turnId, digits));
    }

    public List<String> deltas() {
        return outputs.stream().filter(o -> o instanceof BrainOutput.Text)
                .map(o -> ((BrainOutput.Text) o).delta()).toList();
    }

    public String text() {
        return String.join("", deltas());
    }

    public List<BrainOutput> actions() {
        return outputs.stream()
                .filter(o -> o instanceof BrainOutput.Transfer || o instanceof BrainOutput.EndCall)
                .collect(Collectors.toList());
    }

    public String brain() {
        return done().brain();
    }

    /** The digit counts the brain told the gateway make a whole number in the caller's next answer. */
    public Set<Integer> expectedDigits() {
        return done().expectedDigits();
    }

    private BrainOutput.Done done() {
        return (BrainOutput.Done) outputs.get(outputs.size() - 1);
    }

    @Override
    public String toString() {
        return outputs.toString();
    }
}
