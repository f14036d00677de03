package dev.parley.gateway.transport.sip.media;

/** An SDP stream's direction attribute (RFC 3264 §5.1), from the point of view of the side that wrote it. */
public enum MediaDirection {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** The attribute as it is written in SDP, e.g. {@code sendrecv}. */
    public String attribute() {
        return name().toLowerCase();
    }

    /** The direction an answer gives to an offer with this one (RFC 3264 §6.1): each side's send is the other's receive. */
    public MediaDirection answer() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            case INACTIVE -> INACTIVE;
            case SENDRECV -> SENDRECV;
        };
    }

    static MediaDirection fromAttribute(String attribute) {
        for (MediaDirection d : values()) {
            if (d.attribute().equals(attribute)) {
                return d;
            }
        }
        return null;
    }
}
