package dev.parley.audio;

/** G.711 μ-law codec (ITU-T G.711), table-driven: it runs on every 20 ms frame of every call. */
public final class MuLaw {
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;
    private static final short[] DECODE = new short[256];
    private static final byte[] ENCODE = new byte[65536];

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xFF;
            int t = ((u & 0x0F) << 3) + BIAS;
            t <<= (u & 0x70) >> 4;
            DECODE[i] = (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
        }
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            ENCODE[s & 0xFFFF] = encodeSlow((short) s);
        }
    }

    private MuLaw() {
    }

    private static byte encodeSlow(short pcm) {
        int sample = pcm;
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) {
            sample = -sample;
        }
        if (sample > CLIP) {
            sample = CLIP;
        }
        sample += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short decode(byte ulaw) {
        return DECODE[ulaw & 0xFF];
    }

    public static byte encode(short pcm) {
        return ENCODE[pcm & 0xFFFF];
    }

    public static short[] decode(byte[] ulaw) {
        short[] out = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            out[i] = DECODE[ulaw[i] & 0xFF];
        }
        return out;
    }

    public static byte[] encode(short[] pcm, int offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = ENCODE[pcm[offset + i] & 0xFFFF];
        }
        return out;
    }

    public static byte[] encode(short[] pcm) {
        return encode(pcm, 0, pcm.length);
    }
}
