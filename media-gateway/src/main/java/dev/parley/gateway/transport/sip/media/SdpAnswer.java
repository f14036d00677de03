package dev.parley.gateway.transport.sip.media;

/** Writes the SDP answer (RFC 3264) to an accepted offer: one audio stream, the chosen codec, DTMF if offered, 20 ms. */
public final class SdpAnswer {
    private static final String CRLF = "\r\n";

    private SdpAnswer() {
    }

    /**
     * @param advertisedAddress the address the caller must send RTP to (IPv4, or IPv6 when it contains a colon)
     * @param localPort         our RTP port
     * @param sessionId         o= session id, fixed for the call
     * @param sessionVersion    o= version, one more for each new answer in the call (a re-INVITE)
     */
    public static String build(SdpNegotiation negotiation, String advertisedAddress, int localPort, long sessionId,
                               long sessionVersion) {
        if (!negotiation.accepted()) {
            throw new IllegalArgumentException("no answer to a rejected offer: " + negotiation.rejection());
        }
        if (advertisedAddress == null || advertisedAddress.isBlank()) {
            throw new IllegalArgumentException("an SDP answer needs the address to advertise");
        }
        if (localPort < 1 || localPort > 65535) {
            throw new IllegalArgumentException("RTP port must be 1..65535, got " + localPort);
        }
        if (sessionId < 0 || sessionVersion < 0) {
            throw new IllegalArgumentException("o= session id and version must not be negative");
        }
        String addressType = advertisedAddress.contains(":") ? "IP6" : "IP4";
        int pt = negotiation.payloadType();
        int te = negotiation.telephoneEventPayloadType();
        StringBuilder sdp = new StringBuilder();
        line(sdp, "v=0");
        line(sdp, "o=parley " + sessionId + " " + sessionVersion + " IN " + addressType + " " + advertisedAddress);
        line(sdp, "s=parley");
        line(sdp, "c=IN " + addressType + " " + advertisedAddress);
        line(sdp, "t=0 0");
        line(sdp, "m=audio " + localPort + " RTP/AVP " + pt + (negotiation.hasTelephoneEvents() ? " " + te : ""));
        line(sdp, "a=rtpmap:" + pt + " " + negotiation.codec().rtpmap());
        if (negotiation.hasTelephoneEvents()) {
            line(sdp, "a=rtpmap:" + te + " telephone-event/8000");
            line(sdp, "a=fmtp:" + te + " 0-15");
        }
        line(sdp, "a=ptime:20");
        line(sdp, "a=" + negotiation.direction().attribute());
        return sdp.toString();
    }

    private static void line(StringBuilder sdp, String line) {
        sdp.append(line).append(CRLF);
    }
}
