package dev.parley.gateway.transport.sip;

import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.transport.HandOver;
import io.vertx.core.Context;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One SIP call, answered or dialled: its dialog, its RTP stream and, once the dialog is confirmed (the caller's ACK to
 * our 200 OK, or our ACK to the callee's), its call session. SIP events arrive on the stack's threads and go to the
 * call's context, where the session and the RTP stream live and {@link #hangUp} comes from. Ends once, whoever ends it.
 * "Caller" is the other party, whoever placed the call. A session ended for a transfer makes the call send REFER, not
 * BYE ({@link #transfer}, {@link SipReferral}); it stays up, silent, until the peer says how the transfer went, then
 * our BYE ends it. A dialled call may first be screened for an answering machine ({@link SipCallMedia#screen}),
 * which then starts the session. Where the call's audio goes (the session, the screen, the other leg of a warm
 * transfer) is {@link SipCallMedia}'s.
 */
final class SipCall {
    private static final Logger LOG = Logger.getLogger(SipCall.class);

    private enum State { ANSWERED, CONFIRMED, TRANSFERRING, ENDED }

    private final CallInfo info;
    /** The INVITE we answer; null on a call we dialled. */
    private final ServerTransaction invite;
    /** The dialog of a call we dialled; an answered call's is its INVITE's. */
    private final Dialog dialled;
    private final String toTag;
    private final RtpChannel rtp;
    private final Context context;
    private final SipMessages messages;
    private final SipProvider provider;
    private final Runnable onEnded;
    private final SipTransfers transfers;
    private final SipCallMedia media;
    private long sdpSession = System.currentTimeMillis() / 1000;
    private long sdpVersion = 1;
    private volatile State state = State.ANSWERED;
    /** Why the call ended, for the screen: our hang-up's reason, else the caller's side went away. */
    private String endReason = "caller-hangup";
    /** The transfer under way, while TRANSFERRING. */
    private SipReferral referral;

    SipCall(CallInfo info, ServerTransaction invite, String toTag, RtpChannel rtp, Context context,
            SipMessages messages, SipProvider provider, CallSessions sessions, SipTransfers transfers,
            Runnable onEnded) {
        this(info, invite, null, toTag, rtp, context, messages, provider, sessions, transfers, onEnded);
    }

    /**
     * A call we dialled, its callee's 200 OK in hand: {@link #acked} once our ACK is sent. {@code sdpSession} is our
     * offer's o= session id (version 1), which answers to the callee's re-INVITEs go on from.
     */
    static SipCall dialled(CallInfo info, Dialog dialog, long sdpSession, RtpChannel rtp, Context context,
                           SipMessages messages, SipProvider provider, CallSessions sessions, SipTransfers transfers,
                           Runnable onEnded) {
        SipCall call = new SipCall(info, null, dialog, null, rtp, context, messages, provider, sessions, transfers,
                onEnded);
        call.sdpSession = sdpSession;
        call.sdpVersion = 2;
        return call;
    }

    private SipCall(CallInfo info, ServerTransaction invite, Dialog dialled, String toTag, RtpChannel rtp,
                    Context context, SipMessages messages, SipProvider provider, CallSessions sessions,
                    SipTransfers transfers, Runnable onEnded) {
        this.info = info;
        this.invite = invite;
        this.dialled = dialled;
        this.toTag = toTag;
        this.rtp = rtp;
        this.context = context;
        this.messages = messages;
        this.provider = provider;
        this.onEnded = onEnded;
        this.transfers = transfers;
        this.media = new SipCallMedia(this, info, rtp, sessions);
    }

    CallInfo info() {
        return info;
    }

    /** Sends the 200 OK with our SDP answer; the call starts on the caller's ACK. */
    void answer(SdpMedia offer) throws SipException {
        messages.answer(invite, toTag, offer.answer(messages.advertisedHost(), rtp.localPort(), sdpSession,
                sdpVersion++));
    }

    /** Runs tasks on the call's context, where its session, screen and RTP stream live. */
    Executor executor() {
        return task -> context.runOnContext(v -> task.run());
    }

    /** The caller's ACK (on a call we dialled: ours, sent): the dialog is confirmed, the agent may speak. */
    void acked() {
        if (state != State.ANSWERED) {
            return;
        }
        state = State.CONFIRMED;
        context.runOnContext(v -> {
            if (state != State.CONFIRMED) {
                return;
            }
            LOG.infof("%s: call started (sip, %s %s)", info.logTag(), invite != null ? "caller" : "dialled",
                    invite != null ? info.from() : info.to());
            media.start();
        });
    }

    /** The call's session starts (on its context), its brain given {@code extra} CallStart parameters too. */
    void startSession(Map<String, String> extra) {
        if (state == State.CONFIRMED) {
            media.startSession(extra);
        }
    }

    /** No RTP from the peer for too long (not on hold): BYE, and the call ends as the peer's hang-up. */
    void mediaLost(long silentMs) {
        LOG.warnf("%s: no RTP from the caller for %d ms: ending the call", info.logTag(), silentMs);
        sendBye();
        callerGone();
    }

    /** The caller hung up. */
    void byeReceived(ServerTransaction bye) {
        messages.respond(bye, Response.OK, null, null);
        context.runOnContext(v -> callerGone());
    }

    /** A CANCEL that crossed our 200 OK: it changes nothing (RFC 3261 9.2); the caller's ACK and BYE follow. */
    void cancelled(ServerTransaction cancel) {
        messages.respond(cancel, Response.OK, null, null);
    }

    /** A re-INVITE in the dialog (hold, resume, a new address): the stream follows it, from the same RTP port. */
    void reInvite(ServerTransaction reInvite, SdpMedia offer) {
        context.runOnContext(v -> {
            rtp.media(offer);
            try {
                messages.answer(reInvite, null, offer.answer(messages.advertisedHost(), rtp.localPort(), sdpSession,
                        sdpVersion++));
                LOG.infof("%s: re-INVITE answered (%s)", info.logTag(), offer.onHold() ? "on hold" : "active");
            } catch (SipException e) {
                LOG.warnf("%s: could not answer a re-INVITE: %s", info.logTag(), e.getMessage());
            }
        });
    }

    /**
     * Whether {@code dialog} is this call's. Not every dialog with its Call-ID is: an INVITE refused with a digest
     * challenge leaves a dialog of its own, whose end must not end the call its re-sent INVITE became.
     */
    boolean owns(Dialog dialog) {
        Dialog mine = dialog();
        return mine == null || mine == dialog;
    }

    /** No ACK came (the stack gave up retransmitting our 200 OK), or the dialog died under us. */
    void dialogLost() {
        context.runOnContext(v -> callerGone());
    }

    /** From the session (agent said goodbye, drain, a backend refused the call) or shutdown: BYE, then the end. */
    void hangUp(String reason) {
        LOG.infof("%s: hanging up (%s)", info.logTag(), reason);
        endReason = reason;
        if (state == State.TRANSFERRING) {
            referral.hungUp(reason);
            return;
        }
        sendBye();
        finish();
    }

    /**
     * From the session, which ended for a transfer to {@code target}: REFER in the dialog; {@code outcome} learns
     * whether the caller was handed on once the peer says so (or does not in time). BYE follows either way.
     */
    void transfer(String target, Consumer<Boolean> outcome) {
        if (state != State.CONFIRMED) {
            outcome.accept(false);
            finish();
            return;
        }
        state = State.TRANSFERRING;
        referral = new SipReferral(info.logTag(), transfers, context, outcome, bye -> {
            if (bye) {
                sendBye();
            }
            finish();
        });
        referral.send(dialog(), target, messages, provider);
    }

    /**
     * From the session: hand the caller to {@code target} warm, if the tenant has {@code sip.transfer.warm}; false
     * (and the session transfers cold) if not, or if the call is not up.
     */
    boolean transferWarm(String target, HandOver handOver) {
        if (state != State.CONFIRMED || media.inWarmTransfer()) {
            return false;
        }
        return transfers.warm().start(this, target, handOver);
    }

    /** Where the call's audio goes: a warm transfer joins and bridges its legs there. */
    SipCallMedia media() {
        return media;
    }

    Context context() {
        return context;
    }

    /** The peer's answer to our REFER (408 when the stack gave up on it). */
    void referAnswered(int status) {
        context.runOnContext(v -> {
            if (state == State.TRANSFERRING && status >= 200) {
                referral.answered(status);
            }
        });
    }

    /**
     * A NOTIFY of our REFER's subscription: its message/sipfrag is the status of the peer's call to the target. 1xx
     * is progress; a final status decides the transfer.
     */
    void notified(ServerTransaction notify) {
        int status = SipTransfers.sipfragStatus(notify.getRequest().getRawContent());
        messages.respond(notify, state == State.TRANSFERRING ? Response.OK
                : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null);
        context.runOnContext(v -> {
            if (state == State.TRANSFERRING && status >= 200) {
                referral.notified(status);
            }
        });
    }

    /** Ends the session as a caller hang-up (idempotent), then the call; a transfer under way is decided first. */
    private void callerGone() {
        if (state == State.TRANSFERRING) {
            referral.peerGone();
        }
        media.callerGone();
        finish();
    }

    private void sendBye() {
        if (state != State.CONFIRMED && state != State.TRANSFERRING) {
            return;
        }
        Dialog dialog = dialog();
        try {
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction transaction = provider.getNewClientTransaction(bye);
            dialog.sendRequest(transaction);
        } catch (SipException | RuntimeException e) {
            LOG.debugf("%s: BYE not sent: %s", info.logTag(), e);
        }
    }

    private Dialog dialog() {
        return invite != null ? invite.getDialog() : dialled;
    }

    private void finish() {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        media.close(endReason);
        onEnded.run();
        media.legEnded();
    }
}
