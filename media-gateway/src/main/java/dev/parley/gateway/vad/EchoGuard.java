package dev.parley.gateway.vad;

/**
 * Tells the agent's own voice coming back (a speakerphone, a handset with poor echo cancellation) from the caller
 * talking over it. It keeps the loudness envelope of the agent audio by the time it plays, and compares the caller's
 * recent envelope with it at every plausible echo delay: an attenuated, strongly correlated copy is echo, not an
 * interruption. A strong match also teaches it the line's echo path (delay and loss); from then on, caller audio no
 * louder than the agent's audio at that delay would come back as is echo too (a Geigel double-talk test on
 * envelopes), which catches the moments a correlation over a short window misses. Envelopes (one point per 4 ms)
 * keep this to a few thousand multiply-adds per 32 ms frame.
 */
public final class EchoGuard {
    private static final int STEP_MS = 4;
    /** Agent envelope kept: longer than the longest echo path plus the comparison window. */
    private static final int HISTORY = 1024 / STEP_MS;
    /** Caller envelope compared: 128 ms. */
    private static final int WINDOW = 32;
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

    private final float[] agent = new float[HISTORY];
    private final long[] agentAt = new long[HISTORY];
    private final float[] caller = new float[WINDOW];
    private long callerSteps;
    private long lastAgentStep = Long.MIN_VALUE;
    /** The learned echo path: delay in steps (-1 until a strong match) and loss as an amplitude ratio. */
    private int pathDelay = -1;
    private double pathGain;

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
        if (best >= PATH_CORRELATION) {
            learnPath(bestDelay, endStep);
        }
        return best >= MIN_CORRELATION || noLouderThanEcho(steps, endStep);
    }

    private void learnPath(int delay, long endStep) {
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
        for (int i = 0; i < WINDOW; i++) {
            double x = agentLevel(agentEndStep - WINDOW + 1 + i);
            double y = caller[(int) ((callerSteps - WINDOW + i) % WINDOW)];
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }
        if (sy > sx) {
            // Louder than what the agent played: the caller's own voice is in there.
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
