package dev.parley.gateway.transport.sip;

import io.vertx.core.Context;
import org.jboss.logging.Logger;

import java.text.ParseException;
import java.util.function.Consumer;
import javax.sip.Dialog;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One transfer of a {@link SipCall} by REFER, from the REFER until it is decided: the peer's answer to it, then its
 * NOTIFYs, the transfer timeout, or the call ending meanwhile. Decided once: told to whoever asked for the transfer,
 * counted, and then the call is ended (with our BYE unless the peer already ended the dialog). Touched only on the
 * call's context.
 */
final class SipReferral {
    private static final Logger LOG = Logger.getLogger(SipReferral.class);

    private final String logTag;
    private final SipTransfers transfers;
    private final Context context;
    private final Consumer<Boolean> outcome;
    /** Ends the call once the transfer is decided: true to send BYE first. */
    private final Consumer<Boolean> end;
    private boolean accepted;
    private boolean decided;
    private long timer = -1;

    SipReferral(String logTag, SipTransfers transfers, Context context, Consumer<Boolean> outcome,
                Consumer<Boolean> end) {
        this.logTag = logTag;
        this.transfers = transfers;
        this.context = context;
        this.outcome = outcome;
        this.end = end;
    }

    /** Sends the REFER to {@code target} in {@code dialog}; a REFER that cannot be sent decides the transfer. */
    void send(Dialog dialog, String target, SipMessages messages, SipProvider provider) {
        try {
            Request refer = transfers.refer(dialog, target, messages);
            dialog.sendRequest(provider.getNewClientTransaction(refer));
        } catch (ParseException e) {
            decide(SipTransfers.Outcome.INVALID_TARGET, e.getMessage(), true);
            return;
        } catch (SipException | RuntimeException e) {
            decide(SipTransfers.Outcome.FAILED, "REFER not sent: " + e, true);
            return;
        }
        LOG.infof("%s: transferring to %s (REFER)", logTag, target);
        long timeoutMs = transfers.timeout().toMillis();
        timer = context.owner().setTimer(timeoutMs, t -> context.runOnContext(v -> decide(
                SipTransfers.Outcome.TIMEOUT, "no outcome within " + timeoutMs + " ms", true)));
    }

    /** The peer's final answer to our REFER (408 when the stack gave up on it): 2xx accepts it, 3xx-6xx refuses it. */
    void answered(int status) {
        if (status < 300) {
            accepted = true;
            LOG.infof("%s: the peer accepted the transfer (%d)", logTag, status);
        } else {
            decide(status == Response.REQUEST_TIMEOUT ? SipTransfers.Outcome.TIMEOUT : SipTransfers.Outcome.REFUSED,
                    "REFER answered " + status, true);
        }
    }

    /** A NOTIFY's final status of the peer's call to the target: 2xx means the caller reached it. */
    void notified(int status) {
        accepted = true;
        decide(status < 300 ? SipTransfers.Outcome.TRANSFERRED : SipTransfers.Outcome.FAILED,
                "NOTIFY sipfrag " + status, true);
    }

    /**
     * The peer ended the dialog. It may do so once it has taken the caller on, without a final NOTIFY: after its 202
     * that counts as handed on.
     */
    void peerGone() {
        decide(accepted ? SipTransfers.Outcome.TRANSFERRED : SipTransfers.Outcome.FAILED,
                "the peer ended the dialog", false);
    }

    /** We hang up before the transfer is decided: it failed. */
    void hungUp(String reason) {
        decide(SipTransfers.Outcome.FAILED, "hung up while transferring: " + reason, true);
    }

    private void decide(SipTransfers.Outcome decision, String detail, boolean bye) {
        if (decided) {
            return;
        }
        decided = true;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
        }
        transfers.decided(logTag, decision, detail);
        outcome.accept(decision == SipTransfers.Outcome.TRANSFERRED);
        end.accept(bye);
    }
}
