package dev.parley.gateway.turntaking;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, frame by frame while the agent talks, whether the caller is interrupting. The agent's audio pauses
 * at the first frame that sounds like speech (so a real interruption stops it within one frame), and either
 * resumes — a cough, a click, a backchannel like "mhm" — or the interruption is confirmed once the caller has
 * spoken long enough or said a word that is not a backchannel.
 * <p>
 * A frame sounds like speech when the VAD says so or when the line's level rises well above its background (the
 * VAD lags on some voices by a quarter of a second). Only the VAD's speech counts towards confirming an
 * interruption; a pause that the VAD never backs with speech is released after {@link #SOUND_ONLY_HOLD_MS}.
 */
final class BargeIn {
    enum Verdict { NONE, PAUSE, RESUME, INTERRUPT }

    /** Including what the recognizer makes of a backchannel ("mhm" is often "im hm"). */
    private static final Set<String> BACKCHANNELS = Set.of("mhm", "mm", "hmm", "hm", "uh", "huh", "um", "uhhuh",
            "im", "mmhmm", "aha",
            "okay", "ok", "yeah", "yes", "yep", "right", "sure", "alright", "i", "see", "got", "it", "ah", "oh", "so",
            "the", "a");

    /**
     * Words that carry no request on their own; what the recognizer makes of a hum is often a string of them around
     * one misheard word ("a major and" for a long "mhm").
     */
    private static final Set<String> FUNCTION_WORDS = Set.of("and", "an", "of", "to", "in", "on", "at", "is", "or",
            "for", "as", "be");

    /** Hums however the recognizer spells them: "mh", "hm", "mmm", "uhm". */
    private static final Pattern HUM = Pattern.compile("[mhu]+");

    /** Said alone, these still mean "let me talk". */
    private static final Set<String> YIELD_WORDS = Set.of("stop", "wait", "no", "hold", "sorry", "excuse", "actually",
            "hang", "hey", "but");

    /** A pause on sound alone that the VAD has not called speech by now was a noise: the agent goes on. */
    static final int SOUND_ONLY_HOLD_MS = 640;
    private final float speechThreshold;
    private final float silenceThreshold;
    private final int confirmMs;
    private final int releaseMs;
    private final int frameMs;
    private final double onsetDb;
    private boolean paused;
    private boolean vadHeardSpeech;
    private int pausedMs;
    private int speechMs;
    private int quietMs;
    private final VadTrail trail;

    /**
     * @param confirmMs speech this long interrupts even without words
     * @param releaseMs quiet this long after a pause resumes the agent
     * @param onsetDb   a rise of the line's level this far above its background pauses the agent (0: the VAD alone)
     */
    BargeIn(float speechThreshold, float silenceThreshold, int confirmMs, int releaseMs, double onsetDb,
            int frameMs) {
        this.speechThreshold = speechThreshold;
        this.silenceThreshold = silenceThreshold;
        this.confirmMs = confirmMs;
        this.releaseMs = releaseMs;
        this.onsetDb = onsetDb;
        this.frameMs = frameMs;
        this.trail = new VadTrail(speechThreshold, frameMs);
    }

    boolean paused() {
        return paused;
    }

    /**
     * @param probability the VAD's speech probability
     * @param riseDb      how far the frame's level rises above the line's background (0 for echo, NaN while unknown)
     */
    Verdict onFrame(float probability, double riseDb) {
        boolean sound = onsetDb > 0 && riseDb >= onsetDb;
        if (!paused) {
            if (probability >= speechThreshold || sound) {
                paused = true;
                vadHeardSpeech = probability >= silenceThreshold;
                pausedMs = frameMs;
                speechMs = vadHeardSpeech ? frameMs : 0;
                quietMs = 0;
                return Verdict.PAUSE;
            }
            return Verdict.NONE;
        }
        pausedMs += frameMs;
        boolean lineSilent = trail.quiet(probability, riseDb) && onsetDb > 0;
        if (probability >= silenceThreshold && !lineSilent) {
            vadHeardSpeech = true;
            speechMs += frameMs;
            quietMs = 0;
        } else if (onsetDb > 0 && riseDb >= onsetDb / 2) {
            // Still loud: not quiet, though not (yet) speech to the VAD.
            quietMs = 0;
        } else {
            quietMs += frameMs;
        }
        if (speechMs >= confirmMs) {
            reset();
            return Verdict.INTERRUPT;
        }
        if (quietMs >= releaseMs || (!vadHeardSpeech && pausedMs >= SOUND_ONLY_HOLD_MS)) {
            reset();
            return Verdict.RESUME;
        }
        return Verdict.NONE;
    }

    /**
     * A partial transcript while paused: two words with meaning, or one that asks for the floor ("wait"),
     * interrupt at once. A lone other word may be a misheard "mhm"; it interrupts only by lasting.
     */
    Verdict onWords(String text) {
        if (!paused || !meansInterruption(text)) {
            return Verdict.NONE;
        }
        reset();
        return Verdict.INTERRUPT;
    }

    static boolean meansInterruption(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).trim().split("[^a-z']+");
        int count = 0;
        for (String w : words) {
            if (!w.isEmpty()) {
                count++;
                if (YIELD_WORDS.contains(w)) {
                    return true;
                }
            }
        }
        return count >= 2 && contentWords(text) >= 2;
    }

    void reset() {
        paused = false;
        vadHeardSpeech = false;
        pausedMs = 0;
        speechMs = 0;
        quietMs = 0;
        trail.reset();
    }

    static boolean hasContentWord(String text) {
        return contentWords(text) > 0;
    }

    private static int contentWords(String text) {
        int count = 0;
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
            String bare = w.replace("'", "");
            if (!w.isEmpty() && !BACKCHANNELS.contains(bare) && !FUNCTION_WORDS.contains(bare)
                    && !HUM.matcher(w).matches()) {
                count++;
            }
        }
        return count;
    }
}
