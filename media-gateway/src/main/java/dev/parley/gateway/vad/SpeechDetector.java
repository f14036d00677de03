package dev.parley.gateway.vad;

/**
 * Turns per-frame speech probabilities into speech start/end with hysteresis: speech starts after
 * {@code startMs} of frames above the start threshold, and ends after {@code endMs} of frames below the
 * (lower) end threshold, so a breath or a dip in one frame neither starts nor ends a turn.
 */
public final class SpeechDetector {
    public enum Change { NONE, SPEECH_STARTED, SPEECH_ENDED }

    public record Settings(float startThreshold, float endThreshold, int startMs, int endMs) {
        public Settings {
            if (endThreshold > startThreshold) {
                throw new IllegalArgumentException("end threshold must not exceed start threshold");
            }
        }
    }

    private final Settings settings;
    private final int frameMs;
    private boolean speaking;
    private int aboveMs;
    private int belowMs;

    public SpeechDetector(Settings settings, int frameMs) {
        this.settings = settings;
        this.frameMs = frameMs;
    }

    public boolean speaking() {
        return speaking;
    }

    public Change update(float probability) {
        if (!speaking) {
            aboveMs = probability >= settings.startThreshold() ? aboveMs + frameMs : 0;
            if (aboveMs >= settings.startMs()) {
                speaking = true;
                belowMs = 0;
                return Change.SPEECH_STARTED;
            }
            return Change.NONE;
        }
        belowMs = probability < settings.endThreshold() ? belowMs + frameMs : 0;
        if (belowMs >= settings.endMs()) {
            speaking = false;
            aboveMs = 0;
            return Change.SPEECH_ENDED;
        }
        return Change.NONE;
    }

    /** Not speaking yet, but the last frames were above the start threshold: speech may be starting. */
    public boolean rising() {
        return !speaking && aboveMs > 0;
    }

    /** Milliseconds of trailing non-speech counted so far (0 while the caller talks). */
    public int trailingSilenceMs() {
        return speaking ? belowMs : 0;
    }
}
