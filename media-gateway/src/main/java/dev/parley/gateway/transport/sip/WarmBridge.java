package dev.parley.gateway.transport.sip;

import dev.parley.gateway.outbound.OutboundEvents;
import dev.parley.gateway.tenant.SipOutbound;
import dev.parley.gateway.tenant.WarmTransfer;
import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.transport.HandOver;
import io.vertx.core.Context;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;
import javax.sip.ResponseEvent;
import javax.sip.header.CallIdHeader;

/**
 * One warm transfer: the caller's {@link SipCall} stays up with the agent while a second leg dials the person
 * through the tenant's trunk (its caller id, its credentials on a challenge, as {@link OutboundCalls} dials). Once
 * the person answers they hear the brief; once it has played, each leg's audio is relayed to the other (each
 * {@link RtpChannel} converts to and from its own PCMU/PCMA) and either leg's end ends the other. A person who is
 * busy, refuses, or does not answer in time is cancelled and the caller handed back to the agent. Lives on the
 * caller's context, the person's leg and its RTP too, so relaying needs no locks. Dialling the person until they
 * answer is {@link WarmDial}'s.
 */
final class WarmBridge {
    private static final Logger LOG = Logger.getLogger(WarmBridge.class);
    private static final String BRIEF_MARK = "warm-brief";

    private enum State { DIALLING, BRIEFING, BRIDGED, DONE }

    private final WarmTransfers transfers;
    private final SipCall caller;
    private final String target;
    private final HandOver handOver;
    private final CallIdHeader callId;
    private final String logTag;
    private final WarmDial dial;
    private State state = State.DIALLING;
    private SipCall person;
    private CompletionStage<byte[]> brief;

    WarmBridge(WarmTransfers transfers, SipCall caller, String target, HandOver handOver, WarmTransfer settings,
               SipOutbound trunk, CallIdHeader callId) {
        this.transfers = transfers;
        this.caller = caller;
        this.target = target;
        this.handOver = handOver;
        this.callId = callId;
        this.logTag = caller.info().logTag();
        this.dial = new WarmDial(this, transfers, caller.info(), target, settings, trunk, callId);
    }

    Context context() {
        return caller.context();
    }

    /** Opens the person's RTP port on the caller's context, then sends the INVITE. */
    void dial() {
        caller.media().joined(this);
        brief = handOver.brief();
        dial.start();
    }

    /** Whether the person is still being dialled: nothing is decided yet. */
    boolean dialling() {
        return state == State.DIALLING;
    }

    /** A response to the person's INVITE. */
    void answered(ResponseEvent event) {
        dial.answered(event);
    }

    /** The person answered: their leg, ACKed, hears the brief. */
    void personAnswered(SipCall leg, SdpMedia media) {
        person = leg;
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

    /** We stop ringing the person: CANCEL (a 200 that crosses it gets its ACK and a BYE), then the outcome. */
    void giveUp(String outcome, String detail) {
        if (state == State.DIALLING) {
            dial.cancel();
        }
        fail(outcome, detail);
    }

    /** The transfer ends without a bridge (once): the outcome is counted, and the caller handed back to the agent. */
    void fail(String outcome, String detail) {
        if (state == State.DONE || state == State.BRIDGED) {
            return;
        }
        state = State.DONE;
        dial.stop();
        caller.media().joined(null);
        transfers.counted(outcome);
        LOG.warnf("%s: warm transfer to %s: %s (%s)", logTag, target, outcome, detail);
        handOver.failed(outcome);
    }
}
