package dev.parley.gateway.turntaking;

/**
 * Tells when a sound has ended although the VAD still says speech. Silero's probability stays above the speech
 * threshold for up to five frames after a voiced sound ends ("mhm", "yeah", the last vowel of a question), into a
 * line back at its background; counting those frames as speech delays whatever waits for quiet (a paused agent's
 * resume, the end of the caller's turn) by up to 160 ms. So a frame within {@link #SILENT_RISE_DB} of the line's
 * background is quiet unless the VAD has been sure of speech there for longer than it trails ({@link #VAD_TRAIL_MS}):
 * then it is soft speech, and counts as speech again.
 */
final class VadTrail {
    /** The line within this of its background carries no sound the caller would call speech. */
    static final double SILENT_RISE_DB = 6;
    /** Five voices' backchannels on live benchmark calls trailed 1-5 frames (160 ms); a frame more for margin. */
    static final int VAD_TRAIL_MS = 192;

    private final float speechThreshold;
    private final int frameMs;
    private int vadOnlyMs;

    VadTrail(float speechThreshold, int frameMs) {
        this.speechThreshold = speechThreshold;
        this.frameMs = frameMs;
    }

    /**
     * Call once per frame, in order.
     *
     * @param riseDb how far the frame's level rises above the line's background (NaN while unknown: never quiet)
     * @return whether the frame is quiet, whatever the VAD says
     */
    boolean quiet(float probability, double riseDb) {
        boolean atBackground = riseDb < SILENT_RISE_DB;
        vadOnlyMs = atBackground && probability >= speechThreshold ? vadOnlyMs + frameMs : 0;
        return atBackground && (probability < speechThreshold || vadOnlyMs <= VAD_TRAIL_MS);
    }

    void reset() {
        vadOnlyMs = 0;
    }
}
