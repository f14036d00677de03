package dev.parley.gateway.transport.sip;

import dev.parley.gateway.tenant.SipOutbound;

import java.text.ParseException;
import java.util.List;
import javax.sip.InvalidArgumentException;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;

/**
 * The INVITE of a call we dial: to {@code sip:<number>@<trunk host:port>} (the trunk URI's transport parameter
 * kept), from {@code sip:<callerId>@<our advertised address>} with a fresh tag, our Contact, and our SDP offer.
 * The stack adds the Via branch when the client transaction is made.
 */
final class OutboundInvite {

    private OutboundInvite() {
    }

    static Request build(SipMessages m, CallIdHeader callId, SipOutbound trunk, String to, String sdp)
            throws ParseException, InvalidArgumentException {
        AddressFactory addresses = m.addresses();
        HeaderFactory headers = m.headers();
        URI parsed = addresses.createURI(trunk.trunk());
        if (!(parsed instanceof SipURI trunkUri)) {
            throw new ParseException("sip.outbound.trunk is not a sip: URI: " + trunk.trunk(), 0);
        }
        SipURI target = addresses.createSipURI(to, trunkUri.getHost());
        if (trunkUri.getPort() > 0) {
            target.setPort(trunkUri.getPort());
        }
        String transport = trunkUri.getTransportParam() == null ? "udp" : trunkUri.getTransportParam();
        if (trunkUri.getTransportParam() != null) {
            target.setTransportParam(transport);
        }
        SipURI callee = addresses.createSipURI(to, trunkUri.getHost());
        SipURI caller = addresses.createSipURI(trunk.callerId(), host(m.advertisedHost()));
        Request invite = m.messageFactory().createRequest(target, Request.INVITE, callId,
                headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(addresses.createAddress(caller), SipMessages.newTag()),
                headers.createToHeader(addresses.createAddress(callee), null),
                List.of(headers.createViaHeader(m.advertisedHost(), m.port(), transport, null)),
                headers.createMaxForwardsHeader(70));
        invite.addHeader(m.contact());
        invite.addHeader(headers.createAllowHeader(SipMessages.ALLOW));
        invite.addHeader(headers.createUserAgentHeader(List.of("Parley")));
        invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        return invite;
    }

    private static String host(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
