package dev.parley.gateway.vad;

/**
 * Tells the agent's own voice coming back (a speakerphone, a handset with poor echo cancellation) from the caller
 * talking over it. It keeps the loudness envelope of the agent audio by the time it plays, and while the agent
 * talks compares the caller's recent envelope with it at every plausible echo delay: an attenuated, strongly
 * correlated copy is echo, not an interruption. Envelopes (one point per 4 ms) keep this to a few thousand
 * multiply-adds per 32 ms frame.
 */
public final class EchoGuard {
    private static final int STEP_MS = 4;
    /** Agent envelope kept: longer than the longest echo path plus the comparison window. */
    private static final int HISTORY = 1024 / STEP_MS;
    /** Caller envelope compared: 128 ms. */
    private static final int WINDOW = 32;
    private static final int MAX_DELAY_STEPS = 480 / STEP_MS;
    private static final double MIN_CORRELATION = 0.75;

    private final float[] agent = new float[HISTORY];
    private final long[] agentAt = new long[HISTORY];
    private final float[] caller = new float[WINDOW];
    private long callerSteps;
    private long lastAgentStep = Long.MIN_VALUE;

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
        int steps = pcm.length / perStep;
        long endStep = nowMs / STEP_MS;
        for (int s = 0; s < steps; s++) {
            caller[(int) ((callerSteps + s) % WINDOW)] = rms(pcm, s * perStep, perStep);
        }
        callerSteps += steps;
        // Most of a call nothing the agent played can still be on its way back: skip the correlation search.
        if (callerSteps < WINDOW || lastAgentStep < endStep - MAX_DELAY_STEPS - WINDOW) {
            return false;
        }
        double best = 0;
        for (int delay = 0; delay <= MAX_DELAY_STEPS; delay++) {
            best = Math.max(best, correlation(endStep - delay));
        }
        return best >= MIN_CORRELATION;
    }

    /** Pearson correlation of the caller window with the agent envelope ending at {@code agentEndStep}. */
    private double correlation(long agentEndStep) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        double agentEnergy = 0;
        double callerEnergy = 0;
        for (int i = 0; i < WINDOW; i++) {
            long step = agentEndStep - WINDOW + 1 + i;
            int slot = (int) Math.floorMod(step, (long) HISTORY);
            if (agentAt[slot] != step) {
                return 0;
            }
            double x = agent[slot];
            double y = caller[(int) ((callerSteps - WINDOW + i) % WINDOW)];
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
            agentEnergy += x;
            callerEnergy += y;
        }
        if (callerEnergy > agentEnergy) {
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
