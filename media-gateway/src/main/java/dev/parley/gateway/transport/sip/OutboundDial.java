package dev.parley.gateway.transport.sip;

import dev.parley.gateway.outbound.Dialled;
import dev.parley.gateway.tenant.OutboundRoute;
import dev.parley.gateway.tenant.SipOutbound;
import io.vertx.core.Context;

import java.util.Map;
import javax.sip.ClientTransaction;

/**
 * An outbound call from the dial request until its outcome: what was asked, the slot and RTP port it holds, its
 * INVITE's transaction and ring timer. Touched only on its context (the one its call's session will live on).
 */
final class OutboundDial implements Dialled {
    private final String tenantId;
    private final String voice;
    private final SipOutbound outbound;
    private final String to;
    private final Map<String, String> parameters;
    private final String openingLine;
    private final String sipCallId;
    private final String callId;
    private final Context context;
    final long sdpSession = System.currentTimeMillis() / 1000;
    RtpChannel rtp;
    ClientTransaction invite;
    long ringTimer = -1;
    boolean ringing;
    /** The trunk challenged our INVITE and we answered: a second challenge fails the call. */
    boolean challenged;
    /** An outcome is decided: later answers are only cleaned up after. */
    boolean done;

    OutboundDial(String tenantId, String voice, SipOutbound outbound, String to, Map<String, String> parameters,
                 String openingLine, String sipCallId, Context context) {
        this.tenantId = tenantId;
        this.voice = voice;
        this.outbound = outbound;
        this.to = to;
        this.parameters = Map.copyOf(parameters);
        this.openingLine = openingLine;
        this.sipCallId = sipCallId;
        this.callId = InboundCalls.callId(sipCallId);
        this.context = context;
    }

    @Override
    public String tenantId() {
        return tenantId;
    }

    String voice() {
        return voice;
    }

    SipOutbound outbound() {
        return outbound;
    }

    @Override
    public OutboundRoute route() {
        return outbound;
    }

    @Override
    public String to() {
        return to;
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public String openingLine() {
        return openingLine;
    }

    @Override
    public String from() {
        return outbound.callerId();
    }

    @Override
    public String via() {
        return OutboundRoute.SIP;
    }

    String sipCallId() {
        return sipCallId;
    }

    /** Our id of the call, as for an answered SIP call: "SIP" + a hash of the Call-ID. */
    @Override
    public String callId() {
        return callId;
    }

    /** The admission slot it holds. */
    String slot() {
        return "sip:" + sipCallId;
    }

    Context context() {
        return context;
    }
}
