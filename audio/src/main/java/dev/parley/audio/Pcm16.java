package dev.parley.audio;

/** Conversions between PCM16 little-endian bytes, shorts and floats. */
public final class Pcm16 {
    private Pcm16() {
    }

    public static short[] fromBytes(byte[] le) {
        return fromBytes(le, 0, le.length);
    }

    public static short[] fromBytes(byte[] le, int offset, int length) {
        if ((length & 1) != 0) {
            throw new IllegalArgumentException("PCM16 needs an even number of bytes, got " + length);
        }
        short[] out = new short[length / 2];
        for (int i = 0; i < out.length; i++) {
            int p = offset + 2 * i;
            out[i] = (short) ((le[p] & 0xFF) | (le[p + 1] << 8));
        }
        return out;
    }

    public static byte[] toBytes(short[] pcm) {
        return toBytes(pcm, 0, pcm.length);
    }

    public static byte[] toBytes(short[] pcm, int offset, int length) {
        byte[] out = new byte[length * 2];
        for (int i = 0; i < length; i++) {
            short s = pcm[offset + i];
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }

    /** Samples scaled to [-1, 1), as neural models (Silero VAD) expect. */
    public static void toFloats(short[] pcm, int offset, float[] dst, int dstOffset, int length) {
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = pcm[offset + i] / 32768f;
        }
    }

    /** Duration in milliseconds of {@code samples} samples at {@code rate}. */
    public static long millis(long samples, int rate) {
        return samples * 1000 / rate;
    }

    /** Root-mean-square level in dBFS (-inf for digital silence is reported as -100). */
    public static double rmsDbfs(short[] pcm, int offset, int length) {
        if (length == 0) {
            return -100;
        }
        double sum = 0;
        for (int i = 0; i < length; i++) {
            double v = pcm[offset + i] / 32768.0;
            sum += v * v;
        }
        double rms = Math.sqrt(sum / length);
        return rms <= 1e-5 ? -100 : 20 * Math.log10(rms);
    }
}
