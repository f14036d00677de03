package dev.parley.gateway.vad;

import dev.parley.audio.Pcm16;

/**
 * How far the caller's latest audio rises above the line's background, in dB: a second, model-free sign of speech
 * onset. Silero is slow on some voices (a flite diphone voice's "wait" scores under 0.1 for a quarter of a second)
 * while the sound itself is plain at once; barge-in uses this rise to stop the agent's audio at the first frame.
 * <p>
 * The background is the quietest of the recent frames the VAD called silence (minimum statistics over ~1.5 s), so a
 * steady noise raises it and a burst does not. The rise is measured on the frame's last 16 ms, the quieter of its
 * two 8 ms halves: speech that has begun fills both, a click fills one.
 */
public final class LineLevel {
    /** ~1.5 s of 32 ms frames. */
    private static final int HISTORY = 47;
    /** Fewer silent frames than this and the background is not known yet: no rise is reported. */
    private static final int MIN_HISTORY = 8;
    /** Below this the VAD hears no speech in the frame: it may stand for the line's background. */
    private static final float SILENT = 0.2f;
    /** Quieter than any speech a phone carries: no rise is reported below it, however quiet the line. */
    static final double MIN_SOUND_DBFS = -50;
    private static final int BLOCK = 128;

    private final double[] silent = new double[HISTORY];
    private int recorded;

    /**
     * One 16 kHz frame with the VAD's probability for it and whether it is the agent's echo; returns its rise above
     * the background in dB: 0 when the frame is echo or quieter than speech can be, NaN while the background is not
     * known yet (neither loud nor silent).
     */
    public double riseDb(short[] frame, float probability, boolean echo) {
        double whole = Pcm16.rmsDbfs(frame, 0, frame.length);
        double sustained = Math.min(Pcm16.rmsDbfs(frame, frame.length - 2 * BLOCK, BLOCK),
                Pcm16.rmsDbfs(frame, frame.length - BLOCK, BLOCK));
        double rise = recorded < MIN_HISTORY ? Double.NaN
                : echo || sustained < MIN_SOUND_DBFS ? 0 : Math.max(0, sustained - background());
        if (probability < SILENT && !echo) {
            silent[recorded++ % HISTORY] = whole;
        }
        return rise;
    }

    private double background() {
        double min = Double.MAX_VALUE;
        for (int i = 0; i < Math.min(recorded, HISTORY); i++) {
            min = Math.min(min, silent[i]);
        }
        return min;
    }
}
