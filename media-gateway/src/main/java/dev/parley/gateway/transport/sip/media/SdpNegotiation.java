package dev.parley.gateway.transport.sip.media;

/**
 * The outcome of an offer: the codec and payload types to use and the direction to answer with, or why the offer
 * cannot be taken (the SIP side answers 488 Not Acceptable Here with {@link #rejection()} as its reason).
 *
 * @param codec                      PCMU when offered, else PCMA; null when rejected
 * @param payloadType                the payload type the offer gave that codec (0 or 8 unless mapped dynamically)
 * @param telephoneEventPayloadType  the offered telephone-event/8000 payload type, -1 when none
 * @param direction                  the direction of our answer
 * @param rejection                  why the offer is refused, null when it is accepted
 */
public record SdpNegotiation(G711 codec, int payloadType, int telephoneEventPayloadType, MediaDirection direction,
                             String rejection) {

    public boolean accepted() {
        return rejection == null;
    }

    public boolean hasTelephoneEvents() {
        return telephoneEventPayloadType >= 0;
    }

    /** Chooses what to answer: PCMU is preferred over PCMA whatever the caller's order, as the gateway speaks μ-law. */
    public static SdpNegotiation of(SdpOffer offer) {
        if (offer.audioPort() == 0) {
            return rejected("the offer disabled its audio stream (port 0)");
        }
        if (!offer.transport().equalsIgnoreCase("RTP/AVP")) {
            return rejected("only RTP/AVP is supported, the offer asks for " + offer.transport());
        }
        for (G711 codec : G711.values()) {
            int pt = payloadTypeOf(offer, codec.rtpmap());
            if (pt >= 0) {
                return new SdpNegotiation(codec, pt, payloadTypeOf(offer, "telephone-event/8000"),
                        offer.direction().answer(), null);
            }
        }
        StringBuilder offered = new StringBuilder();
        for (int pt : offer.payloadTypes()) {
            String encoding = offer.encoding(pt);
            offered.append(offered.isEmpty() ? "" : ", ").append(encoding != null ? encoding : "payload type " + pt);
        }
        return rejected("no common codec: the offer has " + offered + "; only PCMU or PCMA is accepted");
    }

    private static int payloadTypeOf(SdpOffer offer, String encoding) {
        for (int pt : offer.payloadTypes()) {
            String offered = offer.encoding(pt);
            if (offered != null && offered.equalsIgnoreCase(encoding)) {
                return pt;
            }
        }
        return -1;
    }

    private static SdpNegotiation rejected(String reason) {
        return new SdpNegotiation(null, -1, -1, MediaDirection.INACTIVE, reason);
    }
}
