package dev.parley.gateway.transport.sip.media;

import java.util.Optional;

/**
 * RFC 4733 telephone-event decoder for one call's stream: a key press arrives as many packets (repeats while held,
 * the end packet three times) that share one RTP timestamp, so a digit is reported once per timestamp. Only DTMF
 * (events 0-15) is reported; other events and short payloads are ignored, as a receiver must. Not thread-safe: one
 * call's receive path owns it.
 */
public final class TelephoneEvents {
    /** RFC 4733 DTMF events 0-15, in order. */
    static final String DIGITS = "0123456789*#ABCD";
    /** Timestamps of recent events: an end packet of the previous key can arrive after the next key began. */
    private static final int REMEMBERED = 8;

    private final int payloadType;
    private final long[] recent = new long[REMEMBERED];
    private final long[] recentSsrc = new long[REMEMBERED];
    private int count;
    private int next;

    /** @param payloadType the telephone-event payload type negotiated in the SDP (often 101) */
    public TelephoneEvents(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type must be 0..127, got " + payloadType);
        }
        this.payloadType = payloadType;
    }

    /** The digit this packet starts ("0"-"9", "*", "#", "A"-"D"), or empty when it is no new key press. */
    public Optional<String> digit(RtpPacket packet) {
        if (packet.payloadType() != payloadType || packet.payload().length < 4) {
            return Optional.empty();
        }
        int event = packet.payload()[0] & 0xFF;
        if (event > 15 || seen(packet.ssrc(), packet.timestamp())) {
            return Optional.empty();
        }
        recent[next] = packet.timestamp();
        recentSsrc[next] = packet.ssrc();
        next = (next + 1) % REMEMBERED;
        count = Math.min(count + 1, REMEMBERED);
        return Optional.of(String.valueOf(DIGITS.charAt(event)));
    }

    private boolean seen(long ssrc, long timestamp) {
        for (int i = 0; i < count; i++) {
            if (recent[i] == timestamp && recentSsrc[i] == ssrc) {
                return true;
            }
        }
        return false;
    }
}
