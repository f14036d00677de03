package dev.parley.gateway.transport.sip;

import dev.parley.gateway.transport.sip.media.G711;
import dev.parley.gateway.transport.sip.media.MediaDirection;
import dev.parley.gateway.transport.sip.media.SdpAnswer;
import dev.parley.gateway.transport.sip.media.SdpNegotiation;
import dev.parley.gateway.transport.sip.media.SdpOffer;

import java.nio.charset.StandardCharsets;

/**
 * A caller's SDP offer as the call's RTP stream uses it: where the caller's RTP goes, the codec and payload types,
 * and whether the caller listens now (not on hold: we send only then); and the answer we give to it. On a call we
 * dial, the callee's SDP answer is read the same way (same format; its direction is the callee's, so ours follows).
 */
record SdpMedia(SdpOffer offer, SdpNegotiation negotiation) {

    /** Reads and negotiates an offer; refused (no SDP, malformed, no PCMU/PCMA) with the reason for a 488. */
    static SdpMedia of(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("an INVITE without an SDP offer is not supported");
        }
        SdpOffer offer = SdpOffer.parse(new String(body, StandardCharsets.UTF_8));
        SdpNegotiation negotiation = SdpNegotiation.of(offer);
        if (!negotiation.accepted()) {
            throw new IllegalArgumentException(negotiation.rejection());
        }
        return new SdpMedia(offer, negotiation);
    }

    /**
     * Reads the callee's answer to our offer ({@link SdpOfferWriter}): it must pick PCMU or PCMA, which we offered;
     * anything else is refused with the reason (the call then fails).
     */
    static SdpMedia ofAnswer(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("the 200 OK carries no SDP answer");
        }
        SdpOffer answer = SdpOffer.parse(new String(body, StandardCharsets.UTF_8));
        SdpNegotiation negotiation = SdpNegotiation.of(answer);
        if (!negotiation.accepted()) {
            throw new IllegalArgumentException(negotiation.rejection());
        }
        if (negotiation.payloadType() != negotiation.codec().staticPayloadType()) {
            throw new IllegalArgumentException("the answer maps " + negotiation.codec() + " to payload type "
                    + negotiation.payloadType() + ", not the " + negotiation.codec().staticPayloadType()
                    + " we offered");
        }
        return new SdpMedia(answer, negotiation);
    }

    String remoteHost() {
        return offer.connectionAddress();
    }

    int remotePort() {
        return offer.audioPort();
    }

    G711 codec() {
        return negotiation.codec();
    }

    int payloadType() {
        return negotiation.payloadType();
    }

    boolean alaw() {
        return codec() == G711.PCMA;
    }

    /** The telephone-event payload type, -1 when none was offered. */
    int telephoneEvent() {
        return negotiation.telephoneEventPayloadType();
    }

    boolean onHold() {
        return offer.onHold();
    }

    /** The caller receives unless its offer said it only sends, or nothing, or it put the call on hold. */
    boolean sending() {
        MediaDirection ours = negotiation.direction();
        return !onHold() && (ours == MediaDirection.SENDRECV || ours == MediaDirection.SENDONLY);
    }

    String answer(String advertisedHost, int localPort, long sessionId, long version) {
        return SdpAnswer.build(negotiation, advertisedHost, localPort, sessionId, version);
    }
}
