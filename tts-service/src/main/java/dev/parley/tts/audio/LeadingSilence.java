package dev.parley.tts.audio;

import dev.parley.audio.Pcm16;

import java.util.Arrays;

/**
 * The silence an engine puts before a phrase (festival HTS ~200 ms, flite ~220-330 ms) is dead air when it opens a
 * reply: the caller waits for it after the turn gap. The reply's first phrase starts {@link #PRE_ROLL_MS} before its
 * speech onset; later phrases keep their lead as the pause between phrases, capped at {@link #MAX_PAUSE_MS}.
 * <p>
 * The onset is found in 5 ms windows: the first window that clearly carries speech, then back over the rising ramp
 * in front of it (breathy "h", faint "f" and "th") until the level falls to the engines' lead-in floor, so a soft
 * consonant is never clipped. Works at any sample rate; run it on the audio as sent (8 kHz for phones).
 */
public final class LeadingSilence {
    /** Kept before the onset of a reply's first phrase, so no consonant loses its attack. */
    public static final int PRE_ROLL_MS = 15;
    /** Longest lead kept before a later phrase: natural pauses stay, an absurd one is cut down. */
    public static final int MAX_PAUSE_MS = 500;
    static final int WINDOW_MS = 5;
    /** A window this loud is speech, not lead-in hiss (speech runs -35..-10 dBFS). */
    static final double SPEECH_DBFS = -40;
    /** What a phone-side measurement counts as audible; the onset fallback for very quiet phrases. */
    static final double AUDIBLE_DBFS = -55;
    /** The engines' lead-in sits at -70..-80 dBFS (flite's hiss peaks near -60): quieter is not speech. */
    static final double FLOOR_DBFS = -60;

    private LeadingSilence() {
    }

    /**
     * The phrase as it should be sent: from {@link #PRE_ROLL_MS} before its onset if it opens the reply (empty if
     * nothing in it is audible, so no silent chunk goes out first), else with its lead capped at
     * {@link #MAX_PAUSE_MS}.
     */
    public static short[] trim(short[] pcm, int sampleRate, boolean opensReply) {
        int onset = onset(pcm, sampleRate);
        if (onset < 0) {
            return opensReply ? new short[0] : pcm;
        }
        int keep = (int) ((long) sampleRate * (opensReply ? PRE_ROLL_MS : MAX_PAUSE_MS) / 1000);
        int from = Math.max(0, onset - keep);
        return from == 0 ? pcm : Arrays.copyOfRange(pcm, from, pcm.length);
    }

    /** Sample index where speech (with its onset ramp) starts, or -1 if no window is audible. */
    public static int onset(short[] pcm, int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        int window = Math.max(1, sampleRate * WINDOW_MS / 1000);
        int windows = (pcm.length + window - 1) / window;
        int first = firstAbove(pcm, window, windows, SPEECH_DBFS);
        if (first < 0) {
            first = firstAbove(pcm, window, windows, AUDIBLE_DBFS);
        }
        if (first < 0) {
            return -1;
        }
        while (first > 0 && level(pcm, window, first - 1) > FLOOR_DBFS) {
            first--;
        }
        return first * window;
    }

    private static int firstAbove(short[] pcm, int window, int windows, double dbfs) {
        for (int i = 0; i < windows; i++) {
            if (level(pcm, window, i) > dbfs) {
                return i;
            }
        }
        return -1;
    }

    private static double level(short[] pcm, int window, int index) {
        int from = index * window;
        return Pcm16.rmsDbfs(pcm, from, Math.min(window, pcm.length - from));
    }
}
