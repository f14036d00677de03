package dev.parley.gateway.transport.sip;

/**
 * Writes the SDP offer of a call we dial (RFC 3264): one audio stream offering PCMU (0) before PCMA (8), RFC 4733
 * telephone-event (101) for DTMF, 20 ms packets, sendrecv: what the gateway speaks, so any answer the callee picks
 * from it is one {@link SdpMedia#ofAnswer} takes.
 */
final class SdpOfferWriter {
    static final int TELEPHONE_EVENT = 101;
    private static final String CRLF = "\r\n";

    private SdpOfferWriter() {
    }

    static String offer(String advertisedAddress, int localPort, long sessionId, long sessionVersion) {
        if (advertisedAddress == null || advertisedAddress.isBlank()) {
            throw new IllegalArgumentException("an SDP offer needs the address to advertise");
        }
        if (localPort < 1 || localPort > 65535) {
            throw new IllegalArgumentException("RTP port must be 1..65535, got " + localPort);
        }
        String addressType = advertisedAddress.contains(":") ? "IP6" : "IP4";
        return "v=0" + CRLF
                + "o=parley " + sessionId + " " + sessionVersion + " IN " + addressType + " " + advertisedAddress + CRLF
                + "s=parley" + CRLF
                + "c=IN " + addressType + " " + advertisedAddress + CRLF
                + "t=0 0" + CRLF
                + "m=audio " + localPort + " RTP/AVP 0 8 " + TELEPHONE_EVENT + CRLF
                + "a=rtpmap:0 PCMU/8000" + CRLF
                + "a=rtpmap:8 PCMA/8000" + CRLF
                + "a=rtpmap:" + TELEPHONE_EVENT + " telephone-event/8000" + CRLF
                + "a=fmtp:" + TELEPHONE_EVENT + " 0-15" + CRLF
                + "a=ptime:20" + CRLF
                + "a=sendrecv" + CRLF;
    }
}
