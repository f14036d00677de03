package dev.parley.gateway.transport.sip;

import dev.parley.gateway.outbound.AmdScreen;
import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.session.CallSessions;

import java.util.Map;

/**
 * Where one {@link SipCall}'s media goes, on the call's context. What the peer sends goes to the call's session; on
 * a dialled call screened for an answering machine first, to the screen until it starts the session (or hangs up).
 * In a warm transfer ({@link WarmBridge}) a call is one of two legs: the caller's, or the person's (dialled without
 * a session); once bridged, each leg's audio and key presses are relayed to the other instead of to a session.
 */
final class SipCallMedia implements RtpChannel.Listener {
    private final SipCall call;
    private final CallInfo info;
    private final RtpChannel rtp;
    /** Null on a warm transfer's person leg, which never has a session. */
    private final CallSessions sessions;
    private CallSession session;
    /** Answering-machine detection before the session (a dialled call of a tenant with AMD on); null: none. */
    private AmdScreen screen;
    /** The warm transfer this call is a leg of; null: none. */
    private WarmBridge warm;
    /** The other leg of a warm bridge, once bridged: what this leg hears goes there, instead of to the session. */
    private SipCallMedia bridgedTo;

    SipCallMedia(SipCall call, CallInfo info, RtpChannel rtp, CallSessions sessions) {
        this.call = call;
        this.info = info;
        this.rtp = rtp;
        this.sessions = sessions;
    }

    /** The dialog is confirmed: the stream starts, and the session with it unless a screen is to start it. */
    void start() {
        if (screen == null && sessions != null) {
            startSession(Map.of());
        }
        rtp.start(this);
    }

    /** The call's session starts (once), its brain given {@code extra} CallStart parameters too. */
    void startSession(Map<String, String> extra) {
        if (session == null) {
            session = sessions.start(info.withParameters(extra), new SipLine(call, rtp));
        }
    }

    /** Before {@link SipCall#acked}: the session waits for {@code screen} to start it (or hang up). */
    void screen(AmdScreen screen) {
        this.screen = screen;
    }

    @Override
    public void audio(byte[] ulawFrame) {
        if (bridgedTo != null) {
            bridgedTo.play(ulawFrame);
        } else if (session != null) {
            session.onCallerAudio(ulawFrame);
        } else if (screen != null) {
            screen.hear(ulawFrame);
        }
    }

    @Override
    public void dtmf(String digit) {
        if (bridgedTo != null) {
            bridgedTo.sendDigit(digit);
        } else if (session != null) {
            session.onDtmf(digit);
        }
    }

    @Override
    public void markPlayed(String name) {
        if (session != null) {
            session.onMarkPlayed(name);
        } else if (warm != null) {
            warm.markPlayed(call, name);
        }
    }

    @Override
    public void mediaLost(long silentMs) {
        call.mediaLost(silentMs);
    }

    /** The peer is gone: the session ends as a caller hang-up (idempotent). */
    void callerGone() {
        if (session != null) {
            session.onCallerHangup();
        }
    }

    /** The call ended: the stream closes, and the screen, if any, learns why. */
    void close(String endReason) {
        rtp.close();
        if (screen != null) {
            screen.ended(endReason);
        }
    }

    /** After {@link #close}: the warm bridge this call is a leg of, if any, learns that it ended. */
    void legEnded() {
        if (warm != null) {
            warm.legEnded(call);
        }
    }

    /** Makes this call a leg of {@code bridge}, which learns when it ends; null: a leg no more. */
    void joined(WarmBridge bridge) {
        this.warm = bridge;
    }

    boolean inWarmTransfer() {
        return warm != null;
    }

    /**
     * Relays what this leg hears, audio and key presses, to {@code other} from now on (a warm bridge); the session is
     * over. On this call's context, which both legs share.
     */
    void bridgeTo(SipCallMedia other) {
        this.bridgedTo = other;
    }

    /** Passes a key pressed on the other leg on to this leg's peer; on the call's context. */
    void sendDigit(String digit) {
        rtp.sendDigit(digit);
    }

    /** Queues μ-law audio to this leg's peer (a brief, the other leg's audio); on the call's context. */
    void play(byte[] ulaw) {
        rtp.relay(ulaw);
    }

    /** A mark after what {@link #play} queued: {@link WarmBridge#markPlayed} once it has been sent. */
    void mark(String name) {
        rtp.mark(name);
    }
}
