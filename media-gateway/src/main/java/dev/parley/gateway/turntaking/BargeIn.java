package dev.parley.gateway.turntaking;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, frame by frame while the agent talks, whether the caller is interrupting. The agent's audio pauses
 * at the first frame that sounds like speech (so a real interruption stops it within one frame), and either
 * resumes — a cough, a click, a backchannel like "mhm" — or the interruption is confirmed once the caller has
 * spoken long enough or said a word that is not a backchannel.
 */
final class BargeIn {
    enum Verdict { NONE, PAUSE, RESUME, INTERRUPT }

    /** Including what the recognizer makes of a backchannel ("mhm" is often "im hm"). */
    private static final Set<String> BACKCHANNELS = Set.of("mhm", "mm", "hmm", "hm", "uh", "huh", "um", "uhhuh",
            "im", "mmhmm", "aha",
            "okay", "ok", "yeah", "yes", "yep", "right", "sure", "alright", "i", "see", "got", "it", "ah", "oh", "so",
            "the", "a");

    /** Hums however the recognizer spells them: "mh", "hm", "mmm", "uhm". */
    private static final Pattern HUM = Pattern.compile("[mhu]+");

    /** Said alone, these still mean "let me talk". */
    private static final Set<String> YIELD_WORDS = Set.of("stop", "wait", "no", "hold", "sorry", "excuse", "actually",
            "hang", "hey", "but");

    private final float speechThreshold;
    private final float silenceThreshold;
    private final int confirmMs;
    private final int releaseMs;
    private final int frameMs;
    private boolean paused;
    private int speechMs;
    private int quietMs;

    /**
     * @param confirmMs speech this long interrupts even without words
     * @param releaseMs quiet this long after a pause resumes the agent
     */
    BargeIn(float speechThreshold, float silenceThreshold, int confirmMs, int releaseMs, int frameMs) {
        this.speechThreshold = speechThreshold;
        this.silenceThreshold = silenceThreshold;
        this.confirmMs = confirmMs;
        this.releaseMs = releaseMs;
        this.frameMs = frameMs;
    }

    boolean paused() {
        return paused;
    }

    Verdict onFrame(float probability) {
        if (!paused) {
            if (probability >= speechThreshold) {
                paused = true;
                speechMs = frameMs;
                quietMs = 0;
                return Verdict.PAUSE;
            }
            return Verdict.NONE;
        }
        if (probability >= silenceThreshold) {
            speechMs += frameMs;
            quietMs = 0;
        } else {
            quietMs += frameMs;
        }
        if (speechMs >= confirmMs) {
            reset();
            return Verdict.INTERRUPT;
        }
        if (quietMs >= releaseMs) {
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
        return count >= 2 && hasContentWord(text);
    }

    void reset() {
        paused = false;
        speechMs = 0;
        quietMs = 0;
    }

    static boolean hasContentWord(String text) {
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
            if (!w.isEmpty() && !BACKCHANNELS.contains(w.replace("'", "")) && !HUM.matcher(w).matches()) {
                return true;
            }
        }
        return false;
    }
}
