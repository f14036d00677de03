package dev.parley.dialogue.warmup;

/**
 * Where the warm-up stands: readiness reads it, the warm-up thread replaces it. {@code ready} is false only while
 * warming; a warm-up that failed or ran out of time leaves the service ready (its brains still answer, just cold).
 */
public record WarmupStatus(State state, String detail, long millis) {

    public enum State { WARMING, DONE, FAILED, DISABLED }

    static WarmupStatus warming() {
        return new WarmupStatus(State.WARMING, "warming", 0);
    }

    public boolean ready() {
        return state != State.WARMING;
    }
}
