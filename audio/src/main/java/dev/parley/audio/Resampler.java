package dev.parley.audio;

/**
 * Streaming sample-rate converter for mono PCM16 by windowed-sinc interpolation, which keeps phone audio
 * intelligible (linear interpolation aliases and muffles). One instance per direction per stream: it keeps
 * the tail of the previous chunk so chunk boundaries are seamless.
 */
public final class Resampler {
    private static final int HALF_TAPS = 16;
    /** Fractional positions are quantized to 1/PHASES of a sample; the kernel is tabulated once per phase. */
    private static final int PHASES = 256;

    private final int inRate;
    private final int outRate;
    private final double step;
    private final double cutoff;
    /** kernel[phase][k + HALF_TAPS - 1]: the windowed sinc, computed once instead of per tap per sample. */
    private final float[][] kernel;
    /** History: the last HALF_TAPS*2 input samples of the previous chunk. */
    private final float[] history = new float[HALF_TAPS * 2];
    private double position;

    public Resampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + inRate + " -> " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        this.step = (double) inRate / outRate;
        // Low-pass below the lower Nyquist frequency, relative to the input rate.
        this.cutoff = Math.min(1.0, (double) outRate / inRate) * 0.95;
        this.position = 0;
        this.kernel = KERNELS.computeIfAbsent(cutoff, Resampler::tabulate);
    }

    private static final java.util.Map<Double, float[][]> KERNELS = new java.util.concurrent.ConcurrentHashMap<>();

    private static float[][] tabulate(double cutoff) {
        float[][] table = new float[PHASES + 1][2 * HALF_TAPS];
        for (int phase = 0; phase <= PHASES; phase++) {
            double frac = (double) phase / PHASES;
            for (int k = -HALF_TAPS + 1; k <= HALF_TAPS; k++) {
                table[phase][k + HALF_TAPS - 1] = (float) kernel(k - frac, cutoff);
            }
        }
        return table;
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** Converts one chunk; output length varies by at most one sample between chunks. */
    public short[] process(short[] in) {
        if (inRate == outRate) {
            return in.clone();
        }
        int hist = history.length;
        float[] buf = new float[hist + in.length];
        System.arraycopy(history, 0, buf, 0, hist);
        for (int i = 0; i < in.length; i++) {
            buf[hist + i] = in[i];
        }
        // position is measured in input samples relative to the start of this chunk's new data, delayed by
        // HALF_TAPS so every output sample has a full window of context on both sides.
        int capacity = (int) Math.ceil((in.length - position) / step) + 1;
        short[] out = new short[Math.max(0, capacity)];
        int n = 0;
        double pos = position;
        while (pos < in.length) {
            double center = pos + hist - HALF_TAPS;
            int base = (int) Math.floor(center);
            float[] taps = kernel[(int) Math.round((center - base) * PHASES)];
            // The window lies inside buf: base >= hist - HALF_TAPS since pos >= 0, and base + HALF_TAPS < buf.length
            // since pos < in.length; so no bounds test per tap (this loop is per sample of every call).
            int first = base - HALF_TAPS + 1;
            double acc = 0;
            for (int j = 0; j < 2 * HALF_TAPS; j++) {
                acc += buf[first + j] * taps[j];
            }
            int v = (int) Math.round(acc);
            out[n++] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            pos += step;
        }
        position = pos - in.length;
        System.arraycopy(buf, buf.length - hist, history, 0, hist);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private static double kernel(double x, double cutoff) {
        double t = x * cutoff;
        double sinc = Math.abs(t) < 1e-9 ? 1.0 : Math.sin(Math.PI * t) / (Math.PI * t);
        // Blackman window over [-HALF_TAPS, HALF_TAPS].
        double w = 0.42 + 0.5 * Math.cos(Math.PI * x / HALF_TAPS) + 0.08 * Math.cos(2 * Math.PI * x / HALF_TAPS);
        return cutoff * sinc * w;
    }

    /** One-shot conversion of a whole clip, compensating the streaming filter delay. */
    public static short[] convert(short[] in, int inRate, int outRate) {
        if (inRate == outRate) {
            return in.clone();
        }
        Resampler r = new Resampler(inRate, outRate);
        short[] body = r.process(in);
        short[] tail = r.process(new short[HALF_TAPS * 2]);
        int skip = (int) Math.round(HALF_TAPS / r.step);
        int expected = (int) ((long) in.length * outRate / inRate);
        short[] out = new short[expected];
        for (int i = 0; i < expected; i++) {
            int j = i + skip;
            out[i] = j < body.length ? body[j] : (j - body.length < tail.length ? tail[j - body.length] : 0);
        }
        return out;
    }
}
