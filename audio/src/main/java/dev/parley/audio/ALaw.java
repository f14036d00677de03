package dev.parley.audio;

/**
 * G.711 A-law codec (ITU-T G.711), table-driven like {@link MuLaw}: SIP carriers outside North America and Japan
 * offer PCMA, and the rest of the gateway speaks μ-law, so each frame is converted on arrival.
 */
public final class ALaw {
    /** A-law code of digital silence (+0). */
    public static final byte SILENCE = (byte) 0xD5;

    private static final short[] DECODE = new short[256];
    private static final byte[] ENCODE = new byte[65536];
    private static final byte[] TO_MULAW = new byte[256];
    private static final byte[] FROM_MULAW = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            DECODE[i] = decodeSlow(i);
        }
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            ENCODE[s & 0xFFFF] = encodeSlow((short) s);
        }
        for (int i = 0; i < 256; i++) {
            TO_MULAW[i] = MuLaw.encode(DECODE[i]);
            FROM_MULAW[i] = ENCODE[MuLaw.decode((byte) i) & 0xFFFF];
        }
    }

    private ALaw() {
    }

    /** G.711 reference decoder: even bits are inverted on the wire (XOR 0x55), the sign bit set means positive. */
    private static short decodeSlow(int alaw) {
        int a = alaw ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (segment - 1);
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    /** G.711 reference encoder on the 13-bit magnitude; negative values are one's-complemented, as the spec does. */
    private static byte encodeSlow(short pcm) {
        int value = pcm >> 3;
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int segment = 0;
        while (segment < 8 && value > (0x20 << segment) - 1) {
            segment++;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int code = segment << 4;
        code |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte) (code ^ mask);
    }

    public static short decode(byte alaw) {
        return DECODE[alaw & 0xFF];
    }

    public static byte encode(short pcm) {
        return ENCODE[pcm & 0xFFFF];
    }

    public static short[] decode(byte[] alaw) {
        short[] out = new short[alaw.length];
        for (int i = 0; i < alaw.length; i++) {
            out[i] = DECODE[alaw[i] & 0xFF];
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

    /** A-law bytes to μ-law bytes, one table look-up per sample (through PCM16, so G.711's own rounding). */
    public static byte[] toMuLaw(byte[] alaw, int offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = TO_MULAW[alaw[offset + i] & 0xFF];
        }
        return out;
    }

    public static byte[] toMuLaw(byte[] alaw) {
        return toMuLaw(alaw, 0, alaw.length);
    }

    /** μ-law bytes to A-law bytes: the agent's audio to a caller who negotiated PCMA. */
    public static byte[] fromMuLaw(byte[] ulaw, int offset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = FROM_MULAW[ulaw[offset + i] & 0xFF];
        }
        return out;
    }

    public static byte[] fromMuLaw(byte[] ulaw) {
        return fromMuLaw(ulaw, 0, ulaw.length);
    }
}
