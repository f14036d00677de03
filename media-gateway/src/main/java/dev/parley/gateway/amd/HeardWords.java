package dev.parley.gateway.amd;

import java.util.Optional;

/**
 * What the recognizer has made of the callee's words so far: its finals joined, then the current partial, and the
 * first cue of each side found in them ({@link GreetingWords}). A cue once heard stays: a recognizer revises its
 * partials, and a machine that said "leave a message" does not stop being one when the next partial drops it.
 */
final class HeardWords {
    private final StringBuilder finals = new StringBuilder();
    private String partial = "";
    private GreetingWords.Match machine;
    private GreetingWords.Match human;
    private boolean any;

    void partial(String text) {
        partial = text;
        update();
    }

    void finalText(String text) {
        if (!text.isBlank()) {
            finals.append(finals.isEmpty() ? "" : " ").append(text.strip());
        }
        partial = "";
        update();
    }

    /** The recognizer has answered at least once with words. */
    boolean any() {
        return any;
    }

    Optional<GreetingWords.Match> machine() {
        return Optional.ofNullable(machine);
    }

    Optional<GreetingWords.Match> human() {
        return Optional.ofNullable(human);
    }

    String text() {
        return (finals + " " + partial).strip();
    }

    private void update() {
        String text = text();
        any |= !text.isEmpty();
        GreetingWords.cue(text).ifPresent(cue -> {
            if (cue.side() == GreetingWords.Side.MACHINE && machine == null) {
                machine = cue;
            } else if (cue.side() == GreetingWords.Side.HUMAN && human == null) {
                human = cue;
            }
        });
    }
}
