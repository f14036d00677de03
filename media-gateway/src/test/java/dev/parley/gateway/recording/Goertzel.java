package dev.parley.gateway.recording;

/** How much of a stretch of audio is one frequency: 1 for a pure tone at it, near 0 for speech or silence. */
public final class Goertzel {
    private Goertzel() {
    }

    /** The share of the energy of {@code x[from, to)} at {@code hz} (8 kHz audio). */
    public static double share(short[] x, int from, int to, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / RecordingStore.SAMPLE_RATE);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = from; i < to; i++) {
            double s0 = x[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double) x[i] * x[i];
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        int n = to - from;
        return energy == 0 ? 0 : power / (n / 2.0 * energy);
    }

    /** RMS level of {@code x[from, to)} in dBFS. */
    public static double rmsDbfs(short[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return 20 * Math.log10(Math.sqrt(sum / (to - from)) / 32768);
    }
}
