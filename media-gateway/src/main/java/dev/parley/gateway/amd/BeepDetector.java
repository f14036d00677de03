package dev.parley.gateway.amd;

/**
 * Finds an answering machine's beep in 8 kHz PCM: a steady pure tone between 400 and 2000 Hz lasting at least
 * {@code minToneMs}. Each 20 ms frame is tested with Goertzel filters every 10 Hz; a frame is tonal when one
 * frequency holds most of its energy (a vowel spreads its energy over several harmonics and formants), and a beep
 * is a run of tonal frames at the same frequency, because speech that is briefly tonal glides in pitch.
 */
public final class BeepDetector {
    public enum Tone { NONE, BEEP, BEEP_ENDED }

    static final int FRAME = 160;
    static final int SAMPLE_RATE = 8_000;
    private static final int LOW_HZ = 400;
    private static final int HIGH_HZ = 2_000;
    private static final int STEP_HZ = 10;
    /** Frequency drift allowed between frames of one beep: two filter steps. */
    private static final int DRIFT_HZ = 2 * STEP_HZ;

    private final int minFrames;
    private final double minTonality;
    private final double minLevel;
    private int runFrames;
    private int runHz;
    private boolean inBeep;
    private boolean heard;
    private int lastHz;

    /**
     * @param minToneMs   shortest tone taken for a beep
     * @param minTonality share of a frame's energy in one frequency for the frame to be tonal (a pure tone scores
     *                    0.8-1.0 depending on where it falls between two filters)
     * @param minLevelDbfs quieter frames are line noise, not a beep
     */
    public BeepDetector(int minToneMs, double minTonality, double minLevelDbfs) {
        this.minFrames = Math.max(1, minToneMs / 20);
        this.minTonality = minTonality;
        this.minLevel = Math.pow(10, minLevelDbfs / 20) * 32768;
    }

    /** Feeds one 20 ms frame (160 samples at 8 kHz). */
    public Tone accept(short[] pcm) {
        if (pcm.length != FRAME) {
            throw new IllegalArgumentException("beep frames are " + FRAME + " samples, got " + pcm.length);
        }
        int hz = tonalFrequency(pcm);
        if (hz > 0 && (runFrames == 0 || Math.abs(hz - runHz) <= DRIFT_HZ)) {
            runHz = runFrames == 0 ? hz : runHz;
            runFrames++;
        } else if (inBeep) {
            inBeep = false;
            runFrames = hz > 0 ? 1 : 0;
            runHz = hz;
            return Tone.BEEP_ENDED;
        } else {
            runFrames = hz > 0 ? 1 : 0;
            runHz = hz;
        }
        if (runFrames >= minFrames) {
            inBeep = true;
            heard = true;
            lastHz = runHz;
            return Tone.BEEP;
        }
        return Tone.NONE;
    }

    /** A beep has been heard (it may still be sounding). */
    public boolean heard() {
        return heard;
    }

    /** The beep is sounding now. */
    public boolean sounding() {
        return inBeep;
    }

    /** Frequency of the last beep heard, 0 before any. */
    public int beepHz() {
        return lastHz;
    }

    /** The frequency holding at least {@code minTonality} of the frame's energy, or 0 when there is none. */
    private int tonalFrequency(short[] pcm) {
        Peak peak = peak(pcm);
        return peak.energy() >= minLevel * minLevel * pcm.length && peak.tonality() >= minTonality ? peak.hz() : 0;
    }

    record Peak(int hz, double tonality, double energy) {
    }

    /** The strongest frequency of a frame and the share of the frame's energy it holds. */
    static Peak peak(short[] pcm) {
        double energy = 0;
        for (short s : pcm) {
            energy += (double) s * s;
        }
        double best = 0;
        int bestHz = 0;
        for (int hz = LOW_HZ; hz <= HIGH_HZ; hz += STEP_HZ) {
            double p = goertzelPower(pcm, hz);
            if (p > best) {
                best = p;
                bestHz = hz;
            }
        }
        // A sine of amplitude A over N samples has energy N*A^2/2 and Goertzel power (N*A/2)^2: their ratio is N/2.
        return new Peak(bestHz, energy == 0 ? 0 : best / (energy * pcm.length / 2), energy);
    }

    private static double goertzelPower(short[] pcm, int hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / SAMPLE_RATE);
        double s1 = 0;
        double s2 = 0;
        for (short x : pcm) {
            double s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }
}
