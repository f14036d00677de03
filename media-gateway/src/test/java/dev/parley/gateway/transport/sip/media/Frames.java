package dev.parley.gateway.transport.sip.media;

import java.util.Arrays;

/** Test audio whose every 20 ms frame says which frame it is, so what a jitter buffer plays can be checked. */
final class Frames {
    static final byte SILENCE = (byte) 0xFF;
    /** A loud μ-law byte (segment 6), never silence, so frames count as speech. */
    static final byte BODY = 0x10;

    private Frames() {
    }

    static byte[] frame(int id) {
        byte[] f = new byte[JitterBuffer.FRAME];
        Arrays.fill(f, BODY);
        f[0] = (byte) ((id >> 7) & 0x7F);
        f[1] = (byte) (id & 0x7F);
        return f;
    }

    /** The id of a frame made by {@link #frame}, or -1 for anything else (silence). */
    static int id(byte[] frame) {
        if (frame.length != JitterBuffer.FRAME || frame[2] != BODY) {
            return -1;
        }
        return (frame[0] << 7) | frame[1];
    }

    static RtpPacket packet(long ssrc, int seq, long ts, int id) {
        return new RtpPacket(0, false, seq & 0xFFFF, ts & 0xFFFFFFFFL, ssrc, frame(id));
    }
}
