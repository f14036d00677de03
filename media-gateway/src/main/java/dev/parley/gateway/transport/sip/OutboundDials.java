package dev.parley.gateway.transport.sip;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.AmdScreens;
import dev.parley.gateway.outbound.OutboundEvents;
import dev.parley.gateway.outbound.OutboundLimits;
import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.transport.sip.auth.ClientDigest;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * The dials {@link OutboundCalls} placed through a tenant's SIP trunk, by Call-ID, until their outcome: the callee's
 * answers, on the dial's context. 1xx rings, 2xx is ACKed and becomes a {@link SipCall} whose session starts at once
 * (the agent's greeting is the opening line), or once answering-machine detection has heard the callee
 * ({@link AmdScreens}, when the tenant has it on); 486/600/603 are busy, 408/480/487 and our ring timeout (CANCEL) are
 * no-answer, anything else or no answer at all is failed. A 401/407 is answered once when the tenant's trunk has
 * credentials. Every outcome but answered frees the slot and the port; an answered call frees them when it ends.
 */
@Singleton
class OutboundDials {
    private static final Logger LOG = Logger.getLogger(OutboundDials.class);

    private final CallAdmission admission;
    private final CallSessions sessions;
    private final Vertx vertx;
    private final OutboundLimits limits;
    private final OutboundEvents events;
    private final SipTransfers transfers;
    private final AmdScreens amd;
    private final Map<String, OutboundDial> dials = new ConcurrentHashMap<>();
    /** Dials given up on (ring timeout, shutdown) whose INVITE may still be answered 200: that call gets a BYE. */
    private final Set<String> abandoned = ConcurrentHashMap.newKeySet();
    private volatile SipProvider provider;
    private volatile SipMessages messages;
    private volatile BiConsumer<String, SipCall> register;
    private volatile Consumer<String> unregister;

    OutboundDials(CallAdmission admission, CallSessions sessions, Vertx vertx, OutboundLimits limits,
                  OutboundEvents events, SipTransfers transfers, AmdScreens amd) {
        this.admission = admission;
        this.sessions = sessions;
        this.vertx = vertx;
        this.limits = limits;
        this.events = events;
        this.transfers = transfers;
        this.amd = amd;
    }

    /** The SIP stack is up: answered calls are registered with the dispatcher, which routes their BYEs. */
    void attach(SipProvider provider, SipMessages messages, BiConsumer<String, SipCall> register,
                Consumer<String> unregister) {
        this.register = register;
        this.unregister = unregister;
        this.messages = messages;
        this.provider = provider;
    }

    /** The SIP stack's provider; null until it is up. */
    SipProvider provider() {
        return provider;
    }

    SipMessages messages() {
        return messages;
    }

    /** A dial whose INVITE is about to go: its answers are routed to it from now on. */
    void add(OutboundDial dial) {
        dials.put(dial.sipCallId(), dial);
    }

    /** A response to one of our INVITEs (from {@link SipDispatcher}). */
    void response(ResponseEvent event) {
        Response response = event.getResponse();
        String sipCallId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        OutboundDial dial = dials.get(sipCallId);
        if (dial != null) {
            dial.context().runOnContext(v -> answered(dial, event));
        } else if (abandoned.remove(sipCallId) && response.getStatusCode() / 100 == 2) {
            ackAndBye(event, "answered after it was given up");
        }
    }

    /** Our INVITE got no final answer at all (the transaction timed out). */
    void timedOut(String sipCallId) {
        OutboundDial dial = dials.get(sipCallId);
        if (dial != null) {
            dial.context().runOnContext(v -> end(dial, OutboundEvents.FAILED, 0, "no response from the trunk"));
        }
    }

    /** The gateway stops: calls still ringing are cancelled. */
    void cancelAll() {
        List.copyOf(dials.values()).forEach(d -> d.context().runOnContext(v ->
                giveUp(d, OutboundEvents.FAILED, "the gateway is stopping")));
    }

    private void answered(OutboundDial dial, ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (dial.done) {
            if (status / 100 == 2) {
                ackAndBye(event, "answered after it was given up");
            }
            return;
        }
        if (status < 200) {
            if (status > 100 && !dial.ringing) {
                dial.ringing = true;
                events.publish(dial, OutboundEvents.RINGING, status, null);
            }
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && answerChallenge(dial, response)) {
            return;
        }
        if (status >= 300) {
            end(dial, outcomeOf(status), status, response.getReasonPhrase());
            return;
        }
        Dialog dialog = event.getDialog();
        SdpMedia media;
        try {
            media = SdpMedia.ofAnswer(response.getRawContent());
        } catch (IllegalArgumentException e) {
            ackAndBye(event, "unusable SDP answer");
            end(dial, OutboundEvents.FAILED, status, "unusable SDP answer: " + e.getMessage());
            return;
        }
        try {
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(cseq));
        } catch (Exception e) {
            end(dial, OutboundEvents.FAILED, status, "ACK not sent: " + e.getMessage());
            return;
        }
        dial.done = true;
        dials.remove(dial.sipCallId());
        vertx.cancelTimer(dial.ringTimer);
        dial.rtp.media(media);
        CallInfo info = new CallInfo(dial.tenantId(), dial.callId(), dial.outbound().callerId(), dial.to(),
                dial.voice(), dial.brainParameters());
        SipCall call = SipCall.dialled(info, dialog, dial.sdpSession, dial.rtp, dial.context(), messages, provider,
                sessions, transfers, () -> {
                    unregister.accept(dial.sipCallId());
                    admission.release(dial.slot(), false);
                    limits.release(dial.tenantId(), dial.outbound());
                });
        amd.screen(dial, call.executor(), call::startSession, call::hangUp).ifPresent(call.media()::screen);
        register.accept(dial.sipCallId(), call);
        events.publish(dial, OutboundEvents.ANSWERED, status, null);
        LOG.infof("%s: %s answered (%s)", dial.logTag(), dial.to(), media.codec());
        call.acked();
    }

    /**
     * The trunk asks who we are: the INVITE goes again, once, with the tenant's {@code sip.outbound.auth}. False
     * (the challenge is the call's failure) without credentials, on a second challenge, or one we cannot answer.
     */
    private boolean answerChallenge(OutboundDial dial, Response challenge) {
        if (dial.challenged || dial.outbound().credentials().isEmpty()) {
            return false;
        }
        dial.challenged = true;
        try {
            Request retry = ClientDigest.retry(messages.headers(), challenge, dial.invite.getRequest(),
                    dial.outbound().credentials().get());
            if (retry == null) {
                return false;
            }
            dial.invite = provider.getNewClientTransaction(retry);
            dial.invite.sendRequest();
            LOG.infof("%s: %s challenged our INVITE (%d): sent again with credentials", dial.logTag(),
                    dial.outbound().trunk(), challenge.getStatusCode());
        } catch (Exception e) {
            end(dial, OutboundEvents.FAILED, challenge.getStatusCode(), "INVITE not sent again: " + e.getMessage());
        }
        return true;
    }

    /** Busy, no answer or failed, by the final status (RFC 3261 21.4-21.6). */
    static String outcomeOf(int status) {
        return switch (status) {
            case Response.BUSY_HERE, Response.BUSY_EVERYWHERE, Response.DECLINE -> OutboundEvents.BUSY;
            case Response.REQUEST_TIMEOUT, Response.TEMPORARILY_UNAVAILABLE, Response.REQUEST_TERMINATED ->
                    OutboundEvents.NO_ANSWER;
            default -> OutboundEvents.FAILED;
        };
    }

    /** Our side gives up before an answer: CANCEL (a 200 that crosses it still gets its ACK and a BYE). */
    void giveUp(OutboundDial dial, String outcome, String reason) {
        if (dial.done) {
            return;
        }
        if (dial.invite != null) {
            abandoned.add(dial.sipCallId());
            // The INVITE transaction is over within 64 * T1 (32 s) whatever the callee does.
            vertx.setTimer(64_000, t -> abandoned.remove(dial.sipCallId()));
            try {
                provider.getNewClientTransaction(dial.invite.createCancel()).sendRequest();
            } catch (Exception e) {
                // No provisional answer yet (RFC 3261 9.1: CANCEL waits for one): the INVITE times out by itself.
                LOG.debugf("%s: CANCEL not sent: %s", dial.logTag(), e.getMessage());
            }
        }
        end(dial, outcome, 0, reason);
    }

    /** The dial's outcome, unanswered: its slot, its count in the tenant's limits and its RTP port are free. */
    void end(OutboundDial dial, String outcome, int sipStatus, String reason) {
        if (dial.done) {
            return;
        }
        dial.done = true;
        dials.remove(dial.sipCallId());
        if (dial.ringTimer >= 0) {
            vertx.cancelTimer(dial.ringTimer);
        }
        if (dial.rtp != null) {
            dial.rtp.close();
        }
        admission.release(dial.slot(), false);
        limits.release(dial.tenantId(), dial.outbound());
        events.publish(dial, outcome, sipStatus, reason);
        LOG.infof("%s: %s to %s (%d %s)", dial.logTag(), outcome, dial.to(), sipStatus, reason);
    }

    private void ackAndBye(ResponseEvent event, String why) {
        Dialog dialog = event.getDialog();
        if (dialog == null) {
            return;
        }
        try {
            long cseq = ((CSeqHeader) event.getResponse().getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(cseq));
            dialog.sendRequest(provider.getNewClientTransaction(dialog.createRequest(Request.BYE)));
        } catch (Exception e) {
            LOG.debugf("a call %s not hung up: %s", why, e.getMessage());
        }
    }
}
