package dev.parley.gateway.transport.sip.media;

import java.util.Arrays;

/**
 * One RTP packet (RFC 3550). {@link #parse} reads what a carrier sends (CSRCs, header extension and padding are
 * skipped); {@link #toBytes} writes the plain packets we send (no CSRC, no extension, no padding). The payload array
 * is not copied on access, so equality is by reference like any record holding an array.
 */
public record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
    static final int HEADER = 12;

    public RtpPacket {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("RTP payload type must be 0..127, got " + payloadType);
        }
        if (sequence < 0 || sequence > 0xFFFF) {
            throw new IllegalArgumentException("RTP sequence must be 0..65535, got " + sequence);
        }
        if (timestamp < 0 || timestamp > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("RTP timestamp must be an unsigned 32-bit value, got " + timestamp);
        }
        if (ssrc < 0 || ssrc > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("RTP SSRC must be an unsigned 32-bit value, got " + ssrc);
        }
        if (payload == null) {
            throw new IllegalArgumentException("RTP payload must not be null");
        }
    }

    public static RtpPacket parse(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("no RTP packet: data is null");
        }
        return parse(data, 0, data.length);
    }

    /** Reads a packet from a received datagram; anything that is not well-formed RTP version 2 is refused. */
    public static RtpPacket parse(byte[] data, int offset, int length) {
        if (data == null) {
            throw new IllegalArgumentException("no RTP packet: data is null");
        }
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("RTP packet bounds offset " + offset + " length " + length
                    + " outside a buffer of " + data.length + " bytes");
        }
        if (length < HEADER) {
            throw new IllegalArgumentException("RTP packet too short: " + length + " bytes, the header alone is 12");
        }
        int first = data[offset] & 0xFF;
        int version = first >> 6;
        if (version != 2) {
            throw new IllegalArgumentException("RTP version must be 2, got " + version);
        }
        boolean padding = (first & 0x20) != 0;
        boolean extension = (first & 0x10) != 0;
        int csrcCount = first & 0x0F;
        int second = data[offset + 1] & 0xFF;
        int header = HEADER + 4 * csrcCount;
        if (length < header) {
            throw new IllegalArgumentException("RTP packet too short for its " + csrcCount + " CSRCs: " + length
                    + " bytes, header needs " + header);
        }
        if (extension) {
            if (length < header + 4) {
                throw new IllegalArgumentException("RTP packet too short for its header extension: " + length + " bytes");
            }
            int words = u16(data, offset + header + 2);
            header += 4 + 4 * words;
            if (length < header) {
                throw new IllegalArgumentException("RTP header extension of " + words + " words runs past the packet end ("
                        + length + " bytes)");
            }
        }
        int end = length;
        if (padding) {
            int pad = data[offset + length - 1] & 0xFF;
            if (pad == 0 || header + pad > length) {
                throw new IllegalArgumentException("RTP padding of " + pad + " bytes does not fit a packet of " + length
                        + " bytes with a " + header + "-byte header");
            }
            end -= pad;
        }
        return new RtpPacket(second & 0x7F, (second & 0x80) != 0, u16(data, offset + 2), u32(data, offset + 4),
                u32(data, offset + 8), Arrays.copyOfRange(data, offset + header, offset + end));
    }

    public byte[] toBytes() {
        byte[] out = new byte[HEADER + payload.length];
        out[0] = (byte) 0x80;
        out[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        out[2] = (byte) (sequence >> 8);
        out[3] = (byte) sequence;
        putU32(out, 4, timestamp);
        putU32(out, 8, ssrc);
        System.arraycopy(payload, 0, out, HEADER, payload.length);
        return out;
    }

    /** How far {@code to} is ahead of {@code from} in 16-bit sequence space, in -32768..32767. */
    public static int sequenceDistance(int from, int to) {
        return (short) (to - from);
    }

    /** True when {@code seq} comes after {@code than}, across the 65535 → 0 wrap. */
    public static boolean isNewer(int seq, int than) {
        return sequenceDistance(than, seq) > 0;
    }

    /** How far timestamp {@code to} is ahead of {@code from} in 32-bit timestamp space, signed. */
    public static long timestampDistance(long from, long to) {
        return (int) (to - from);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    private static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }
}
