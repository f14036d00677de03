package dev.parley.gateway.transport.sip;

import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.tenant.SipOutbound;
import io.vertx.core.Context;

import java.util.HashMap;
import java.util.Map;
import javax.sip.ClientTransaction;

/**
 * An outbound call from the dial request until its outcome: what was asked, the slot and RTP port it holds, its
 * INVITE's transaction and ring timer. Touched only on its context (the one its call's session will live on).
 */
final class OutboundDial {
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

    String tenantId() {
        return tenantId;
    }

    String voice() {
        return voice;
    }

    SipOutbound outbound() {
        return outbound;
    }

    String to() {
        return to;
    }

    Map<String, String> parameters() {
        return parameters;
    }

    /** What the brain gets with the call: the tenant's parameters, and the opening line under its reserved key. */
    Map<String, String> brainParameters() {
        if (openingLine == null) {
            return parameters;
        }
        Map<String, String> all = new HashMap<>(parameters);
        all.put(CallInfo.OPENING_LINE, openingLine);
        return all;
    }

    String sipCallId() {
        return sipCallId;
    }

    /** Our id of the call, as for an answered SIP call: "SIP" + a hash of the Call-ID. */
    String callId() {
        return callId;
    }

    /** The admission slot it holds. */
    String slot() {
        return "sip:" + sipCallId;
    }

    Context context() {
        return context;
    }

    String logTag() {
        return "tenant=" + tenantId + " call=" + callId;
    }
}
