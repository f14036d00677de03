package dev.parley.gateway.transport.sip;

import dev.parley.gateway.outbound.OutboundEvents;
import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.tenant.SipOutbound;
import dev.parley.gateway.tenant.WarmTransfer;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.transport.HandOver;
import dev.parley.gateway.transport.sip.auth.ClientDigest;
import io.vertx.core.Context;
import org.jboss.logging.Logger;

import java.text.ParseException;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One warm transfer: the caller's {@link SipCall} stays up with the agent while a second leg dials the person
 * through the tenant's trunk (its caller id, its credentials on a challenge, as {@link OutboundCalls} dials). Once
 * the person answers they hear the brief; once it has played, each leg's audio is relayed to the other (each
 * {@link RtpChannel} converts to and from its own PCMU/PCMA) and either leg's end ends the other. A person who is
 * busy, refuses, or does not answer in time is cancelled and the caller handed back to the agent. Lives on the
 * caller's context, the person's leg and its RTP too, so relaying needs no locks.
 */
final class WarmBridge {
    private static final Logger LOG = Logger.getLogger(WarmBridge.class);
    private static final String BRIEF_MARK = "warm-brief";

    private enum State { DIALLING, BRIEFING, BRIDGED, DONE }

    private final WarmTransfers transfers;
    private final SipCall caller;
    private final String target;
    private final HandOver handOver;
    private final WarmTransfer settings;
    private final SipOutbound trunk;
    private final CallIdHeader callId;
    private final String logTag;
    private final long sdpSession = System.currentTimeMillis() / 1000;
    private State state = State.DIALLING;
    private RtpChannel rtp;
    private ClientTransaction invite;
    private boolean challenged;
    private long timer = -1;
    private SipCall person;
    private CompletionStage<byte[]> brief;

    WarmBridge(WarmTransfers transfers, SipCall caller, String target, HandOver handOver, WarmTransfer settings,
               SipOutbound trunk, CallIdHeader callId) {
        this.transfers = transfers;
        this.caller = caller;
        this.target = target;
        this.handOver = handOver;
        this.settings = settings;
        this.trunk = trunk;
        this.callId = callId;
        this.logTag = caller.info().logTag();
    }

    Context context() {
        return caller.context();
    }

    /** Opens the person's RTP port on the caller's context, then sends the INVITE. */
    void dial() {
        caller.media().joined(this);
        brief = handOver.brief();
        LOG.infof("%s: warm transfer: dialling %s through %s", logTag, target, trunk.trunk());
        RtpChannel.open(transfers.vertx(), context(), transfers.config(), transfers.ports()).onComplete(ar -> {
            if (ar.failed()) {
                fail(OutboundEvents.FAILED, "no RTP port: " + ar.cause().getMessage());
            } else if (state != State.DIALLING) {
                ar.result().close();
            } else {
                rtp = ar.result();
                invite();
            }
        });
    }

    private void invite() {
        String number;
        try {
            number = number();
        } catch (ParseException | ClassCastException e) {
            // Named apart from a failed dial, as a cold transfer's is: it is the brain's target that is wrong.
            fail("invalid-target", e.getMessage());
            return;
        }
        try {
            SipMessages messages = transfers.messages();
            String sdp = SdpOfferWriter.offer(messages.advertisedHost(), rtp.localPort(), sdpSession, 1);
            Request request = OutboundInvite.build(messages, callId, trunk, number, sdp);
            URI sipTarget = sipTarget();
            if (sipTarget != null) {
                // A sip: target (a PBX extension) is dialled where it points, with the trunk's identity.
                request.setRequestURI(sipTarget);
                request.setHeader(messages.headers().createToHeader(messages.addresses().createAddress(sipTarget),
                        null));
            }
            invite = transfers.provider().getNewClientTransaction(request);
            invite.sendRequest();
        } catch (Exception e) {
            fail(OutboundEvents.FAILED, "INVITE not sent: " + e.getMessage());
            return;
        }
        long ms = settings.answerTimeout().toMillis();
        timer = transfers.vertx().setTimer(ms, t -> context().runOnContext(v ->
                giveUp(OutboundEvents.NO_ANSWER, "no answer within " + ms / 1000 + " s")));
    }

    /** The user part the trunk routes: an E.164 number from a tel: URI or a bare number, else the sip: user. */
    private String number() throws ParseException {
        String t = target == null ? "" : target.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            String user = ((SipURI) transfers.messages().addresses().createURI(t)).getUser();
            return user == null ? "transfer" : user;
        }
        String number = (lower.startsWith("tel:") ? t.substring(4) : t).replaceAll("[-.() ]", "");
        if (!number.matches("\\+[1-9][0-9]{1,14}")) {
            throw new ParseException("transfer target '" + t + "' is not a sip: URI, a tel: URI or an E.164 number",
                    0);
        }
        return number;
    }

    private URI sipTarget() throws ParseException {
        String t = target.strip().toLowerCase(Locale.ROOT);
        return t.startsWith("sip:") || t.startsWith("sips:") ? transfers.messages().addresses()
                .createURI(target.strip()) : null;
    }

    /** A response to the person's INVITE. */
    void answered(ResponseEvent event) {
        Response response = event.getResponse();
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (state != State.DIALLING) {
            if (status / 100 == 2 && person == null) {
                ackAndBye(event);
            }
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && challenge(
                response)) {
            return;
        }
        if (status >= 300) {
            fail(OutboundCalls.outcomeOf(status), status + " " + response.getReasonPhrase());
            return;
        }
        Dialog dialog = event.getDialog();
        SdpMedia media;
        try {
            media = SdpMedia.ofAnswer(response.getRawContent());
            dialog.sendAck(dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber()));
        } catch (Exception e) {
            ackAndBye(event);
            fail(OutboundEvents.FAILED, "answer not usable: " + e.getMessage());
            return;
        }
        cancelTimer();
        transfers.dialDone(callId.getCallId());
        rtp.media(media);
        CallInfo info = new CallInfo(caller.info().tenantId(), InboundCalls.callId(callId.getCallId()),
                trunk.callerId(), target, caller.info().voice());
        // No session on the person's leg: the agent only speaks the brief to them, and then only relays.
        person = SipCall.dialled(info, dialog, sdpSession, rtp, context(), transfers.messages(),
                transfers.provider(), null, null, () -> transfers.unregister(callId.getCallId()));
        person.media().joined(this);
        transfers.register(callId.getCallId(), person);
        state = State.BRIEFING;
        person.acked();
        LOG.infof("%s: warm transfer: %s answered (%s); briefing them", logTag, target, media.codec());
        brief.whenComplete((audio, error) -> context().runOnContext(v -> brief(audio)));
    }

    private void brief(byte[] audio) {
        if (state != State.BRIEFING) {
            return;
        }
        if (audio == null) {
            // The person answered; better put through without a brief than hand the caller back.
            bridge();
            return;
        }
        person.media().play(audio);
        person.media().mark(BRIEF_MARK);
    }

    /** A leg's mark was sent: the brief's end puts the caller through. */
    void markPlayed(SipCall leg, String name) {
        if (leg == person && BRIEF_MARK.equals(name) && state == State.BRIEFING) {
            bridge();
        }
    }

    private void bridge() {
        state = State.BRIDGED;
        caller.media().bridgeTo(person.media());
        person.media().bridgeTo(caller.media());
        transfers.counted("transferred");
        LOG.infof("%s: warm transfer: the caller is bridged to %s", logTag, target);
        handOver.bridged();
    }

    /** One leg ended: on a bridged call the other follows; before, the transfer is over. */
    void legEnded(SipCall leg) {
        if (state == State.BRIDGED) {
            state = State.DONE;
            (leg == caller ? person : caller).hangUp(CallTransport.TRANSFERRED);
            LOG.infof("%s: warm transfer: the bridged call ended (%s hung up)", logTag,
                    leg == caller ? "the caller" : "the person");
            handOver.ended();
        } else if (leg == caller && state != State.DONE) {
            // The caller left while the person was dialled or briefed: nobody to put through. Decided first, so
            // that the person's leg ending next is not taken for the person hanging up.
            giveUp("caller-hangup", "the caller hung up");
            if (person != null) {
                person.hangUp("caller-gone");
            }
        } else if (leg == person) {
            fail(OutboundEvents.FAILED, "the person hung up during the brief");
        }
    }

    /** The INVITE got no final answer at all. */
    void noResponse() {
        fail(OutboundEvents.FAILED, "no response from the trunk");
    }

    /** The person's 401/407, answered once with the trunk's credentials, as {@link OutboundCalls} does. */
    private boolean challenge(Response response) {
        if (challenged || trunk.credentials().isEmpty()) {
            return false;
        }
        challenged = true;
        try {
            Request retry = ClientDigest.retry(transfers.messages().headers(), response, invite.getRequest(),
                    trunk.credentials().get());
            if (retry == null) {
                return false;
            }
            invite = transfers.provider().getNewClientTransaction(retry);
            invite.sendRequest();
        } catch (Exception e) {
            fail(OutboundEvents.FAILED, "INVITE not sent again: " + e.getMessage());
        }
        return true;
    }

    /** We stop ringing the person: CANCEL (a 200 that crosses it gets its ACK and a BYE), then the outcome. */
    private void giveUp(String outcome, String detail) {
        if (state == State.DIALLING && invite != null) {
            try {
                transfers.provider().getNewClientTransaction(invite.createCancel()).sendRequest();
            } catch (Exception e) {
                // No provisional answer yet (RFC 3261 9.1): the INVITE times out by itself.
                LOG.debugf("%s: CANCEL not sent: %s", logTag, e.getMessage());
            }
        }
        fail(outcome, detail);
    }

    private void fail(String outcome, String detail) {
        if (state == State.DONE || state == State.BRIDGED) {
            return;
        }
        state = State.DONE;
        cancelTimer();
        transfers.dialDone(callId.getCallId());
        if (person == null && rtp != null) {
            rtp.close();
        }
        caller.media().joined(null);
        transfers.counted(outcome);
        LOG.warnf("%s: warm transfer to %s: %s (%s)", logTag, target, outcome, detail);
        handOver.failed(outcome);
    }

    private void cancelTimer() {
        if (timer >= 0) {
            transfers.vertx().cancelTimer(timer);
            timer = -1;
        }
    }

    private void ackAndBye(ResponseEvent event) {
        Dialog dialog = event.getDialog();
        try {
            long cseq = ((CSeqHeader) event.getResponse().getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(cseq));
            dialog.sendRequest(transfers.provider().getNewClientTransaction(dialog.createRequest(Request.BYE)));
        } catch (Exception e) {
            LOG.debugf("%s: a late answer not hung up: %s", logTag, e.getMessage());
        }
    }
}
