package dev.parley.gateway.transport.sip;

import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.session.CallSessions;
import io.vertx.core.Context;
import org.jboss.logging.Logger;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One SIP call, answered or dialled: its dialog, its RTP stream and, once the dialog is confirmed (the caller's ACK
 * to our 200 OK, or our ACK to the callee's), its call session. SIP events arrive on the stack's threads and are
 * handed to the call's context, where the session and the RTP stream live; {@link #hangUp} comes from the session on
 * that context. Ends once, whoever ends it. "Caller" below is the other party, whoever placed the call.
 */
final class SipCall {
    private static final Logger LOG = Logger.getLogger(SipCall.class);

    private enum State { ANSWERED, CONFIRMED, ENDED }

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
    private final CallSessions sessions;
    private final Runnable onEnded;
    private long sdpSession = System.currentTimeMillis() / 1000;
    private long sdpVersion = 1;
    private volatile State state = State.ANSWERED;
    private CallSession session;

    SipCall(CallInfo info, ServerTransaction invite, String toTag, RtpChannel rtp, Context context,
            SipMessages messages, SipProvider provider, CallSessions sessions, Runnable onEnded) {
        this(info, invite, null, toTag, rtp, context, messages, provider, sessions, onEnded);
    }

    /**
     * A call we dialled, its callee's 200 OK in hand: {@link #acked} once our ACK is sent. {@code sdpSession} is our
     * offer's o= session id (version 1), which answers to the callee's re-INVITEs go on from.
     */
    static SipCall dialled(CallInfo info, Dialog dialog, long sdpSession, RtpChannel rtp, Context context,
                           SipMessages messages, SipProvider provider, CallSessions sessions, Runnable onEnded) {
        SipCall call = new SipCall(info, null, dialog, null, rtp, context, messages, provider, sessions, onEnded);
        call.sdpSession = sdpSession;
        call.sdpVersion = 2;
        return call;
    }

    private SipCall(CallInfo info, ServerTransaction invite, Dialog dialled, String toTag, RtpChannel rtp,
                    Context context, SipMessages messages, SipProvider provider, CallSessions sessions,
                    Runnable onEnded) {
        this.info = info;
        this.invite = invite;
        this.dialled = dialled;
        this.toTag = toTag;
        this.rtp = rtp;
        this.context = context;
        this.messages = messages;
        this.provider = provider;
        this.sessions = sessions;
        this.onEnded = onEnded;
    }

    CallInfo info() {
        return info;
    }

    /** Sends the 200 OK with our SDP answer; the call starts on the caller's ACK. */
    void answer(SdpMedia media) throws SipException {
        messages.answer(invite, toTag, media.answer(messages.advertisedHost(), rtp.localPort(), sdpSession,
                sdpVersion++));
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
            session = sessions.start(info, new SipLine(this, rtp));
            rtp.start(new RtpChannel.Listener() {
                @Override
                public void audio(byte[] ulawFrame) {
                    session.onCallerAudio(ulawFrame);
                }

                @Override
                public void dtmf(String digit) {
                    session.onDtmf(digit);
                }

                @Override
                public void markPlayed(String name) {
                    session.onMarkPlayed(name);
                }

                @Override
                public void mediaLost(long silentMs) {
                    LOG.warnf("%s: no RTP from the caller for %d ms: ending the call", info.logTag(), silentMs);
                    sendBye();
                    callerGone();
                }
            });
        });
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
    void reInvite(ServerTransaction reInvite, SdpMedia media) {
        context.runOnContext(v -> {
            rtp.media(media);
            try {
                messages.answer(reInvite, null, media.answer(messages.advertisedHost(), rtp.localPort(), sdpSession,
                        sdpVersion++));
                LOG.infof("%s: re-INVITE answered (%s)", info.logTag(), media.onHold() ? "on hold" : "active");
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
        Dialog mine = invite != null ? invite.getDialog() : dialled;
        return mine == null || mine == dialog;
    }

    /** No ACK came (the stack gave up retransmitting our 200 OK), or the dialog died under us. */
    void dialogLost() {
        context.runOnContext(v -> callerGone());
    }

    /** From the session (agent said goodbye, transfer, drain, a backend refused the call): BYE, then the end. */
    void hangUp(String reason) {
        LOG.infof("%s: hanging up (%s)", info.logTag(), reason);
        sendBye();
        finish();
    }

    /** Ends the session as a caller hang-up (idempotent), then the call. */
    private void callerGone() {
        if (session != null) {
            session.onCallerHangup();
        }
        finish();
    }

    private void sendBye() {
        if (state != State.CONFIRMED) {
            return;
        }
        Dialog dialog = invite != null ? invite.getDialog() : dialled;
        try {
            Request bye = dialog.createRequest(Request.BYE);
            ClientTransaction transaction = provider.getNewClientTransaction(bye);
            dialog.sendRequest(transaction);
        } catch (SipException | RuntimeException e) {
            LOG.debugf("%s: BYE not sent: %s", info.logTag(), e);
        }
    }

    private void finish() {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        rtp.close();
        onEnded.run();
    }
}
