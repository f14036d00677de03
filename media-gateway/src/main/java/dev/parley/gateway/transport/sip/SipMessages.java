package dev.parley.gateway.transport.sip;

import org.jboss.logging.Logger;

import java.text.ParseException;
import java.util.UUID;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Builds and sends our responses: every one names us (Contact, Server) and carries our To tag. Holds the stack's
 * factories, which {@link OutboundInvite} builds our INVITEs with.
 */
final class SipMessages {
    private static final Logger LOG = Logger.getLogger(SipMessages.class);
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, NOTIFY";

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final String advertisedHost;
    private final int port;

    SipMessages(MessageFactory messages, HeaderFactory headers, AddressFactory addresses, String advertisedHost,
                int port) {
        this.messages = messages;
        this.headers = headers;
        this.addresses = addresses;
        this.advertisedHost = advertisedHost;
        this.port = port;
    }

    String advertisedHost() {
        return advertisedHost;
    }

    /** The SIP port we listen on (our Via and Contact). */
    int port() {
        return port;
    }

    MessageFactory messageFactory() {
        return messages;
    }

    HeaderFactory headers() {
        return headers;
    }

    AddressFactory addresses() {
        return addresses;
    }

    /** A fresh To tag for a dialog we answer. */
    static String newTag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends a response without a body; failures (the transaction gone, a dead TCP connection) are only logged. */
    void respond(ServerTransaction transaction, int status, String toTag, String reason) {
        try {
            Response response = response(transaction.getRequest(), status, toTag);
            if (reason != null) {
                response.setReasonPhrase(reason);
            }
            if (status == Response.METHOD_NOT_ALLOWED || transaction.getRequest().getMethod().equals(Request.OPTIONS)) {
                response.addHeader(headers.createAllowHeader(ALLOW));
                response.addHeader(headers.createAcceptHeader("application", "sdp"));
            }
            transaction.sendResponse(response);
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            LOG.debugf("could not send %d to a %s: %s", status, transaction.getRequest().getMethod(), e);
        }
    }

    /** A 401 carrying our digest challenge; failures are only logged, as for {@link #respond}. */
    void challenge(ServerTransaction transaction, String toTag, WWWAuthenticateHeader challenge) {
        try {
            Response response = response(transaction.getRequest(), Response.UNAUTHORIZED, toTag);
            response.addHeader(challenge);
            transaction.sendResponse(response);
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            LOG.debugf("could not send a 401 to a %s: %s", transaction.getRequest().getMethod(), e);
        }
    }

    /**
     * A 401 carrying our digest challenge, sent without a transaction (as proxies challenge): the stack keeps no
     * dialog for it, and an unauthenticated INVITE costs us no state. A retransmitted INVITE gets a 401 of its own.
     */
    void challenge(SipProvider provider, Request request, WWWAuthenticateHeader challenge) {
        try {
            Response response = response(request, Response.UNAUTHORIZED, newTag());
            response.addHeader(challenge);
            provider.sendResponse(response);
        } catch (SipException | ParseException | RuntimeException e) {
            LOG.debugf("could not send a 401 to a %s: %s", request.getMethod(), e);
        }
    }

    /** A 200 OK to an INVITE carrying our SDP answer. */
    void answer(ServerTransaction transaction, String toTag, String sdp) throws SipException {
        try {
            Response ok = response(transaction.getRequest(), Response.OK, toTag);
            ok.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
            ok.addHeader(headers.createAllowHeader(ALLOW));
            transaction.sendResponse(ok);
        } catch (InvalidArgumentException | ParseException e) {
            throw new SipException("cannot build the 200 OK: " + e.getMessage(), e);
        }
    }

    private Response response(Request request, int status, String toTag) throws ParseException {
        Response response = messages.createResponse(status, request);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (toTag != null && to.getTag() == null && status > Response.TRYING) {
            to.setTag(toTag);
        }
        if (status > Response.TRYING && status < Response.MULTIPLE_CHOICES || request.getMethod().equals(Request.INVITE)) {
            response.addHeader(contact());
        }
        response.addHeader(headers.createServerHeader(java.util.List.of("Parley")));
        return response;
    }

    ContactHeader contact() throws ParseException {
        String host = advertisedHost.contains(":") ? "[" + advertisedHost + "]" : advertisedHost;
        return headers.createContactHeader(addresses.createAddress("sip:parley@" + host + ":" + port));
    }
}
