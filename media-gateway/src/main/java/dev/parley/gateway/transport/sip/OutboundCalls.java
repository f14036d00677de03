package dev.parley.gateway.transport.sip;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.Dialer;
import dev.parley.gateway.outbound.OutboundEvents;
import dev.parley.gateway.outbound.OutboundLimits;
import dev.parley.gateway.tenant.OutboundRoute;
import dev.parley.gateway.tenant.SipOutbound;
import dev.parley.gateway.tenant.Tenant;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Map;
import javax.sip.ClientTransaction;
import javax.sip.SipProvider;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;

/**
 * Dials out through a tenant's SIP trunk (we are the UAC): limits and a call slot first, then an RTP port, our
 * INVITE with an SDP offer, and our ring timeout. What the callee answers, and what becomes of the dial, is
 * {@link OutboundDials}'.
 */
@Singleton
public class OutboundCalls implements Dialer {
    private static final Logger LOG = Logger.getLogger(OutboundCalls.class);

    private final CallAdmission admission;
    private final SipConfig config;
    private final RtpPorts ports;
    private final Vertx vertx;
    private final OutboundLimits limits;
    private final OutboundEvents events;
    private final OutboundDials dials;

    OutboundCalls(CallAdmission admission, SipConfig config, RtpPorts ports, Vertx vertx, OutboundLimits limits,
                  OutboundEvents events, OutboundDials dials) {
        this.admission = admission;
        this.config = config;
        this.ports = ports;
        this.vertx = vertx;
        this.limits = limits;
        this.events = events;
        this.dials = dials;
    }

    @Override
    public String via() {
        return OutboundRoute.SIP;
    }

    @Override
    public Placed dial(Tenant tenant, OutboundRoute route, String to, Map<String, String> parameters,
                       String openingLine) {
        SipOutbound outbound = (SipOutbound) route;
        SipProvider sip = dials.provider();
        if (sip == null || admission.draining()) {
            events.refused(via(), sip == null ? "sip-off" : "draining");
            return Placed.unavailable(sip == null ? "the SIP trunk is not running" : admission.refusal());
        }
        OutboundLimits.Refusal refusal = limits.take(tenant.id(), outbound);
        if (refusal != null) {
            events.refused(via(), refusal.kind().name().toLowerCase().replace('_', '-'));
            return Placed.refused(refusal);
        }
        CallIdHeader callIdHeader = sip.getNewCallId();
        String sipCallId = callIdHeader.getCallId();
        if (!admission.admit("sip:" + sipCallId, "sip", "")) {
            limits.forget(tenant.id(), outbound);
            events.refused(via(), admission.draining() ? "draining" : "busy");
            return Placed.unavailable(admission.refusal());
        }
        // A fresh event-loop context, as an INVITE arriving on a SIP stack thread gets: this request's thread may
        // carry the HTTP request's context, which the call's session must not live on.
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        OutboundDial dial = new OutboundDial(tenant.id(), tenant.voice(), outbound, to, parameters, openingLine,
                sipCallId, context);
        dials.add(dial);
        events.publish(dial, OutboundEvents.DIALING, 0, null);
        LOG.infof("%s: dialling %s through %s", dial.logTag(), to, outbound.trunk());
        RtpChannel.open(vertx, context, config, ports).onComplete(ar -> {
            if (ar.failed()) {
                dials.end(dial, OutboundEvents.FAILED, 0, "no RTP port: " + ar.cause().getMessage());
            } else if (dial.done) {
                ar.result().close();
            } else {
                dial.rtp = ar.result();
                invite(dial, callIdHeader);
            }
        });
        return Placed.dialling(dial.callId());
    }

    private void invite(OutboundDial dial, CallIdHeader callId) {
        try {
            SipMessages messages = dials.messages();
            String sdp = SdpOfferWriter.offer(messages.advertisedHost(), dial.rtp.localPort(), dial.sdpSession, 1);
            Request invite = OutboundInvite.build(messages, callId, dial.outbound(), dial.to(), sdp);
            ClientTransaction transaction = dials.provider().getNewClientTransaction(invite);
            dial.invite = transaction;
            transaction.sendRequest();
        } catch (Exception e) {
            // A malformed trunk URI, a trunk host that does not resolve, a closed TCP connection: no call.
            dials.end(dial, OutboundEvents.FAILED, 0, "INVITE not sent: " + e.getMessage());
            return;
        }
        dial.ringTimer = vertx.setTimer(config.ringTimeout().toMillis(), t -> dial.context().runOnContext(v ->
                dials.giveUp(dial, OutboundEvents.NO_ANSWER, "no answer within " + config.ringTimeout().toSeconds()
                        + " s")));
    }
}
