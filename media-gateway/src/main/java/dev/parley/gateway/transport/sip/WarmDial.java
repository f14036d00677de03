package dev.parley.gateway.transport.sip;

import dev.parley.gateway.outbound.OutboundEvents;
import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.tenant.SipOutbound;
import dev.parley.gateway.tenant.WarmTransfer;
import dev.parley.gateway.transport.sip.auth.ClientDigest;
import org.jboss.logging.Logger;

import java.text.ParseException;
import java.util.Locale;
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
 * The person's leg of a {@link WarmBridge} until they answer: an RTP port on the caller's context, then the INVITE
 * through the tenant's trunk (its caller id, its credentials on a challenge, as {@link OutboundCalls} dials) and the
 * transfer's answer timeout. Their 200 becomes the person's {@link SipCall}, handed to the bridge; every other
 * outcome is the bridge's to decide. A 200 that comes once the bridge has stopped dialling is ACKed and hung up.
 */
final class WarmDial {
    private static final Logger LOG = Logger.getLogger(WarmDial.class);

    private final WarmBridge bridge;
    private final WarmTransfers transfers;
    private final CallInfo caller;
    private final String target;
    private final WarmTransfer settings;
    private final SipOutbound trunk;
    private final CallIdHeader callId;
    private final long sdpSession = System.currentTimeMillis() / 1000;
    private RtpChannel rtp;
    private ClientTransaction invite;
    private boolean challenged;
    private long timer = -1;
    /** The person answered: their leg has the RTP port now. */
    private boolean answered;

    WarmDial(WarmBridge bridge, WarmTransfers transfers, CallInfo caller, String target, WarmTransfer settings,
             SipOutbound trunk, CallIdHeader callId) {
        this.bridge = bridge;
        this.transfers = transfers;
        this.caller = caller;
        this.target = target;
        this.settings = settings;
        this.trunk = trunk;
        this.callId = callId;
    }

    /** Opens the person's RTP port on the caller's context, then sends the INVITE. */
    void start() {
        LOG.infof("%s: warm transfer: dialling %s through %s", caller.logTag(), target, trunk.trunk());
        RtpChannel.open(transfers.vertx(), bridge.context(), transfers.config(), transfers.ports()).onComplete(ar -> {
            if (ar.failed()) {
                bridge.fail(OutboundEvents.FAILED, "no RTP port: " + ar.cause().getMessage());
            } else if (!bridge.dialling()) {
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
            bridge.fail("invalid-target", e.getMessage());
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
            bridge.fail(OutboundEvents.FAILED, "INVITE not sent: " + e.getMessage());
            return;
        }
        long ms = settings.answerTimeout().toMillis();
        timer = transfers.vertx().setTimer(ms, t -> bridge.context().runOnContext(v ->
                bridge.giveUp(OutboundEvents.NO_ANSWER, "no answer within " + ms / 1000 + " s")));
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
        if (!bridge.dialling()) {
            if (status / 100 == 2 && !answered) {
                ackAndBye(event);
            }
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && challenge(
                response)) {
            return;
        }
        if (status >= 300) {
            bridge.fail(OutboundDials.outcomeOf(status), status + " " + response.getReasonPhrase());
            return;
        }
        Dialog dialog = event.getDialog();
        SdpMedia media;
        try {
            media = SdpMedia.ofAnswer(response.getRawContent());
            dialog.sendAck(dialog.createAck(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber()));
        } catch (Exception e) {
            ackAndBye(event);
            bridge.fail(OutboundEvents.FAILED, "answer not usable: " + e.getMessage());
            return;
        }
        cancelTimer();
        transfers.dialDone(callId.getCallId());
        rtp.media(media);
        CallInfo info = new CallInfo(caller.tenantId(), InboundCalls.callId(callId.getCallId()), trunk.callerId(),
                target, caller.voice());
        // No session on the person's leg: the agent only speaks the brief to them, and then only relays.
        SipCall person = SipCall.dialled(info, dialog, sdpSession, rtp, bridge.context(), transfers.messages(),
                transfers.provider(), null, null, () -> transfers.unregister(callId.getCallId()));
        answered = true;
        bridge.personAnswered(person, media);
    }

    /** The person's 401/407, answered once with the trunk's credentials, as {@link OutboundDials} does. */
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
            bridge.fail(OutboundEvents.FAILED, "INVITE not sent again: " + e.getMessage());
        }
        return true;
    }

    /** We stop ringing the person: CANCEL (a 200 that crosses it gets its ACK and a BYE). */
    void cancel() {
        if (invite != null) {
            try {
                transfers.provider().getNewClientTransaction(invite.createCancel()).sendRequest();
            } catch (Exception e) {
                // No provisional answer yet (RFC 3261 9.1): the INVITE times out by itself.
                LOG.debugf("%s: CANCEL not sent: %s", caller.logTag(), e.getMessage());
            }
        }
    }

    /** The transfer failed: no more timeout, and the port closes unless the person's leg has it. */
    void stop() {
        cancelTimer();
        transfers.dialDone(callId.getCallId());
        if (!answered && rtp != null) {
            rtp.close();
        }
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
            LOG.debugf("%s: a late answer not hung up: %s", caller.logTag(), e.getMessage());
        }
    }
}
