package dev.parley.gateway.amd;

/**
 * The callee's speech since answer as the detector needs it: when it started, when it was last heard, and how much
 * there was. Two active frames in a row (40 ms) begin speech, so a click on the line is not a greeting.
 */
final class SpeechSpan {
    private static final int ONSET_FRAMES = 2;

    private boolean voiced;
    private int risingFrames;
    private long firstMs = -1;
    private long lastMs = -1;
    private long voicedMs;

    /** One frame of {@code frameMs} ending at {@code nowMs}; {@code masked} frames (a beep) are never speech. */
    void update(boolean active, long nowMs, int frameMs, boolean masked) {
        if (masked || !active) {
            voiced = false;
            risingFrames = 0;
            return;
        }
        if (!voiced && ++risingFrames >= ONSET_FRAMES) {
            voiced = true;
            voicedMs += (long) (ONSET_FRAMES - 1) * frameMs;
            if (firstMs < 0) {
                firstMs = nowMs - (long) ONSET_FRAMES * frameMs;
            }
        }
        if (voiced) {
            voicedMs += frameMs;
            lastMs = nowMs;
        }
    }

    boolean heard() {
        return firstMs >= 0;
    }

    /** When speech was first heard, -1 before. */
    long firstMs() {
        return firstMs;
    }

    /** When speech was last heard, -1 before any. */
    long lastMs() {
        return lastMs;
    }

    /** Speech heard in total, pauses excluded. */
    long voicedMs() {
        return voicedMs;
    }

    boolean voiced() {
        return voiced;
    }
}
