package dev.parley.gateway.vad;

/**
 * Tells the agent's own voice coming back (a speakerphone, a handset with poor echo cancellation) from the caller
 * talking over it. It keeps the loudness envelope of the agent audio by the time it plays, and compares the caller's
 * recent envelope with it at every plausible echo delay: an attenuated, strongly correlated copy is echo, not an
 * interruption. A strong match also teaches it the line's echo path (delay and loss); from then on, caller audio no
 * louder than the agent's audio at that delay would come back as is echo too (a Geigel double-talk test on
 * envelopes), which catches the moments a correlation over a short window misses. Envelopes (one point per 4 ms)
 * keep this to a few thousand multiply-adds per 32 ms frame.
 * <p>
 * Out of a hundred-odd delays, one often matches a caller's own rising onset by chance (the window is line hiss and
 * then a rise, as some stretch of the agent's speech is). So a line that stays silent for a quarter of a second
 * while the agent has been talking through every echo delay is taken to have no echo: from then on only a path seen
 * again and again at one delay (over at least {@link #CONSISTENT_SPAN_STEPS}), or an echo that begins as an agent
 * turn begins (a phone switched to speakerphone), is believed, and only matches on the path count; a believed path
 * makes it a line with echo again.
 */
public final class EchoGuard {
    private static final int STEP_MS = 4;
    /** Agent envelope kept: longer than the longest echo path plus the comparison window. */
    private static final int HISTORY = 1024 / STEP_MS;
    /** Caller envelope compared: 128 ms. */
    private static final int WINDOW = 32;
    /** The newest 32 ms of the window, where a caller's onset is. */
    private static final int RECENT_STEPS = 8;
    private static final int MAX_DELAY_STEPS = 480 / STEP_MS;
    private static final double MIN_CORRELATION = 0.75;
    /** A match this strong is surely echo: it measures the echo path. */
    private static final double PATH_CORRELATION = 0.85;
    /** Slack around the learned delay: the phone's playout and packetization jitter. */
    private static final int PATH_SLACK_STEPS = 40 / STEP_MS;
    /** Double talk when the caller is this much louder than the echo the path predicts (6 dB). */
    private static final double DOUBLE_TALK_MARGIN = 2.0;
    /** An echo path louder than -6 dB is not believed: it would hide a caller talking at the agent's level. */
    private static final double MAX_PATH_GAIN = 0.5;
    /** The caller's line this far below the agent (-30 dB) while the agent talks carries no echo of it. */
    private static final double SILENT_AGAINST_AGENT = 0.03;
    /** Consecutive frames of such silence that prove the line has no echo: a quarter of a second. */
    private static final int ECHO_FREE_FRAMES = 8;
    /** The agent counts as talking through the echo delays when this share of them carried its audio. */
    private static final double AGENT_AUDIBLE_SHARE = 0.8;
    /** No agent audio for this long (64 ms): it has stopped rather than paused between two words. */
    private static final int STOPPED_STEPS = 64 / STEP_MS;
    /**
     * On a line without echo, a path is believed from this many strong matches within a second at one delay (within
     * the phone's playout slack: chance matches are spread over every delay), spanning more than the 128 ms a rising
     * onset stays in the window (a phone switched to speakerphone mid-call is believed that much later).
     */
    private static final int CONSISTENT_MATCHES = 4;
    private static final int CONSISTENT_SPAN_STEPS = 200 / STEP_MS;
    private static final int CONSISTENT_WITHIN_STEPS = 1000 / STEP_MS;

    private final float[] agent = new float[HISTORY];
    private final long[] agentAt = new long[HISTORY];
    private final float[] caller = new float[WINDOW];
    private long callerSteps;
    private long lastAgentStep = Long.MIN_VALUE;
    /** The learned echo path: delay in steps (-1 until a strong match) and loss as an amplitude ratio. */
    private int pathDelay = -1;
    private double pathGain;
    private int silentFrames;
    private boolean echoFree;
    /** Strong matches on a line without echo, as (delay, step): whether one repeats at its delay. */
    private final int[] strongDelay = new int[16];
    private final long[] strongAt = new long[16];
    private int strongCount;

    /**
     * Whether a sound on the line now cannot be the agent's voice coming back: the line has shown it carries no echo
     * (silent while the agent talked, no echo path seen since), and the agent did not just start talking — the first
     * syllables of a turn come back before any match can tell them for echo (a phone switched to speakerphone).
     */
    public boolean lineHasNoEcho(long nowMs) {
        if (!echoFree || pathDelay >= 0) {
            return false;
        }
        long step = nowMs / STEP_MS;
        double share = agentAudibleShare(step);
        return share == 0 || share >= AGENT_AUDIBLE_SHARE || agentStopped(step);
    }

    /**
     * The agent has fallen silent (paused for a sound on the line, or its turn is over): what the line carries now
     * cannot be a new turn's first syllables, and the echo of its last words the line has already shown it lacks.
     * Without this, a pause would distrust the line's level for half a second, just while it tells when a cough or
     * "mhm" has ended.
     */
    private boolean agentStopped(long endStep) {
        for (long a = endStep - STOPPED_STEPS; a <= endStep; a++) {
            if (agentLevel(a) > 0) {
                return false;
            }
        }
        return true;
    }

    private double agentAudibleShare(long endStep) {
        int audible = 0;
        for (long a = endStep - MAX_DELAY_STEPS; a <= endStep; a++) {
            audible += agentLevel(a) > 0 ? 1 : 0;
        }
        return (double) audible / (MAX_DELAY_STEPS + 1);
    }

    /**
     * Agent audio (PCM16 at {@code rate} Hz) that starts playing at {@code playAtMs} (the same clock as
     * {@link #callerAudioIsEcho}'s {@code nowMs}).
     */
    public void agentPlays(short[] pcm, int rate, long playAtMs) {
        int perStep = rate * STEP_MS / 1000;
        for (int i = 0, s = 0; i + perStep <= pcm.length; i += perStep, s++) {
            long step = playAtMs / STEP_MS + s;
            int slot = (int) (step % HISTORY);
            agent[slot] = rms(pcm, i, perStep);
            agentAt[slot] = step;
            lastAgentStep = Math.max(lastAgentStep, step);
        }
    }

    /**
     * The caller's latest audio (PCM16 at {@code rate}), ending at {@code nowMs}. Returns true if it is mostly
     * the agent's own voice coming back.
     */
    public boolean callerAudioIsEcho(short[] pcm, int rate, long nowMs) {
        int perStep = rate * STEP_MS / 1000;
        int steps = Math.min(WINDOW, pcm.length / perStep);
        long endStep = nowMs / STEP_MS;
        for (int s = 0; s < steps; s++) {
            caller[(int) ((callerSteps + s) % WINDOW)] = rms(pcm, s * perStep, perStep);
        }
        callerSteps += steps;
        // Most of a call nothing the agent played can still be on its way back: skip the search.
        if (callerSteps < WINDOW || lastAgentStep < endStep - MAX_DELAY_STEPS - WINDOW) {
            return false;
        }
        double best = 0;
        int bestDelay = -1;
        for (int delay = 0; delay <= MAX_DELAY_STEPS; delay++) {
            double c = correlation(endStep - delay);
            if (c > best) {
                best = c;
                bestDelay = delay;
            }
        }
        noteSilence(steps, endStep);
        boolean turnStart = bestDelay >= 0 && agentTurnStarted(endStep - bestDelay);
        // On a line that has shown no echo, a path is learned only while the agent talks: once it has stopped,
        // what still matches its envelope is the caller (a two-syllable "okay" matched four times in 320 ms).
        if (best >= PATH_CORRELATION
                && (!echoFree || !agentStopped(endStep) && (turnStart || repeats(bestDelay, endStep)))) {
            learnPath(bestDelay, endStep);
        }
        boolean matches = best >= MIN_CORRELATION && (!echoFree || turnStart
                || pathDelay >= 0 && Math.abs(bestDelay - pathDelay) <= PATH_SLACK_STEPS);
        return matches || noLouderThanEcho(steps, endStep);
    }

    /**
     * Counts consecutive frames where the caller's line stayed silent although the agent had been audible through
     * the whole range of echo delays before it (so any echo path would have carried something back by now); a frame
     * with sound in it while the agent talked starts the count again.
     */
    private void noteSilence(int steps, long endStep) {
        if (echoFree || pathDelay >= 0) {
            return;
        }
        if (agentAudibleShare(endStep) < AGENT_AUDIBLE_SHARE) {
            return;
        }
        double agentLevel = 0;
        for (long a = endStep - MAX_DELAY_STEPS; a <= endStep; a++) {
            agentLevel += agentLevel(a);
        }
        agentLevel /= MAX_DELAY_STEPS + 1;
        double callerLevel = 0;
        for (int s = 0; s < steps; s++) {
            callerLevel = Math.max(callerLevel, caller[(int) ((callerSteps - steps + s) % WINDOW)]);
        }
        if (callerLevel >= SILENT_AGAINST_AGENT * agentLevel) {
            silentFrames = 0;
        } else if (++silentFrames >= ECHO_FREE_FRAMES) {
            echoFree = true;
        }
    }

    /**
     * Whether the agent's audio at this point of the window began after silence (nothing sent for the window's first
     * half): an echo that appears as a turn starts is no chance match of a caller talking over the agent, and is
     * believed at once (a phone switched to speakerphone mid-call).
     */
    private boolean agentTurnStarted(long agentEndStep) {
        for (int i = 0; i < WINDOW / 2; i++) {
            if (agentLevel(agentEndStep - WINDOW + 1 + i) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Records a strong match; true if enough earlier ones at its delay make it a path (see CONSISTENT_MATCHES). */
    private boolean repeats(int delay, long step) {
        long earliest = step;
        int matches = 1;
        for (int i = 0; i < Math.min(strongCount, strongDelay.length); i++) {
            if (step - strongAt[i] <= CONSISTENT_WITHIN_STEPS
                    && Math.abs(strongDelay[i] - delay) <= PATH_SLACK_STEPS) {
                earliest = Math.min(earliest, strongAt[i]);
                matches++;
            }
        }
        int slot = strongCount++ % strongDelay.length;
        strongDelay[slot] = delay;
        strongAt[slot] = step;
        return matches >= CONSISTENT_MATCHES && step - earliest >= CONSISTENT_SPAN_STEPS;
    }

    private void learnPath(int delay, long endStep) {
        // A line that carries echo is judged as one from now on, whatever it showed before.
        echoFree = false;
        double agentSum = 0;
        double callerSum = 0;
        for (int i = 0; i < WINDOW; i++) {
            agentSum += agentLevel(endStep - delay - WINDOW + 1 + i);
            callerSum += caller[(int) ((callerSteps - WINDOW + i) % WINDOW)];
        }
        if (agentSum <= 0) {
            return;
        }
        double gain = Math.min(MAX_PATH_GAIN, callerSum / agentSum);
        pathGain = pathDelay < 0 ? gain : 0.8 * pathGain + 0.2 * gain;
        pathDelay = delay;
    }

    /** Whether each of the latest caller steps is within the margin of the echo the learned path predicts. */
    private boolean noLouderThanEcho(int steps, long endStep) {
        if (pathDelay < 0 || steps == 0) {
            return false;
        }
        for (int s = 0; s < steps; s++) {
            long step = endStep - steps + 1 + s;
            double echoLevel = 0;
            for (long a = step - pathDelay - PATH_SLACK_STEPS; a <= step - pathDelay + PATH_SLACK_STEPS; a++) {
                echoLevel = Math.max(echoLevel, agentLevel(a) * pathGain);
            }
            double level = caller[(int) ((callerSteps - steps + s) % WINDOW)];
            if (level > DOUBLE_TALK_MARGIN * echoLevel) {
                return false;
            }
        }
        return true;
    }

    /** The agent's loudness at a step; a step it sent nothing for was silence on the line. */
    private float agentLevel(long step) {
        int slot = (int) Math.floorMod(step, (long) HISTORY);
        return agentAt[slot] == step ? agent[slot] : 0f;
    }

    /** Pearson correlation of the caller window with the agent envelope ending at {@code agentEndStep}. */
    private double correlation(long agentEndStep) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        double recentX = 0;
        double recentY = 0;
        for (int i = 0; i < WINDOW; i++) {
            double x = agentLevel(agentEndStep - WINDOW + 1 + i);
            double y = caller[(int) ((callerSteps - WINDOW + i) % WINDOW)];
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
            if (i >= WINDOW - RECENT_STEPS) {
                recentX += x;
                recentY += y;
            }
        }
        if (sy > MAX_PATH_GAIN * sx || recentY > MAX_PATH_GAIN * recentX) {
            // Echo comes back at least 6 dB down, in the window and in its newest steps alike; this loud, the caller's
            // own voice is in there. Without the newest steps' test, out of a hundred-odd delays one often matched a
            // caller's rising onset by chance (a window of hiss, then a rise), and the onset was taken for echo:
            // barge-in came 80-330 ms late on a line with no echo at all.
            return 0;
        }
        double cov = sxy - sx * sy / WINDOW;
        double vx = sxx - sx * sx / WINDOW;
        double vy = syy - sy * sy / WINDOW;
        return vx <= 1e-6 || vy <= 1e-6 ? 0 : cov / Math.sqrt(vx * vy);
    }

    private static float rms(short[] pcm, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return (float) Math.sqrt(sum / n);
    }
}
