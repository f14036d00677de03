package dev.parley.gateway.transport.sip;

import dev.parley.gateway.transport.sip.register.SipEndpoint;
import dev.parley.gateway.transport.sip.register.SipRegistrations;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionState;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Routes each SIP request to its call by Call-ID: a new INVITE to {@link InboundCalls}, ACK/BYE/CANCEL/re-INVITE to
 * the call it belongs to (NOTIFYs too: a transfer's progress), OPTIONS answered (carriers ping trunks with it),
 * anything else 405. Requests for calls we do not know get 481, as RFC 3261 says. Responses to our INVITEs (and
 * their timeouts) go to {@link WarmTransfers} when they are a warm transfer's, else to {@link OutboundDials}; to our
 * REFERs to their call, to our REGISTERs to {@link SipRegistrations}.
 */
@Singleton
public class SipDispatcher implements SipListener {
    private static final Logger LOG = Logger.getLogger(SipDispatcher.class);

    private final InboundCalls inbound;
    private final OutboundDials outbound;
    private final SipRegistrations registrations;
    private final WarmTransfers warm;
    private final Map<String, SipCall> calls = new ConcurrentHashMap<>();
    private volatile SipProvider provider;
    private volatile SipMessages messages;

    SipDispatcher(InboundCalls inbound, OutboundDials outbound, SipRegistrations registrations, WarmTransfers warm) {
        this.warm = warm;
        this.inbound = inbound;
        this.outbound = outbound;
        this.registrations = registrations;
    }

    void attach(SipProvider provider, SipMessages messages) {
        this.provider = provider;
        this.messages = messages;
        outbound.attach(provider, messages, calls::put, calls::remove);
        warm.attach(provider, messages, calls::put, calls::remove);
        try {
            registrations.attach(new SipEndpoint(provider, messages.messageFactory(), messages.headers(),
                    messages.addresses(), messages.contact(), messages.advertisedHost(), messages.port()));
        } catch (ParseException e) {
            throw new IllegalStateException("our own Contact does not parse: " + e.getMessage(), e);
        }
    }

    /** The gateway is stopping: every call still up gets its BYE, every call still ringing its CANCEL. */
    void hangUpAll() {
        outbound.cancelAll();
        List.copyOf(calls.values()).forEach(c -> c.hangUp("shutdown"));
    }

    int liveCalls() {
        return calls.size();
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        SipCall call = calls.get(callId);
        if (request.getMethod().equals(Request.ACK)) {
            if (call != null) {
                call.acked();
            }
            return;
        }
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction == null && call == null && request.getMethod().equals(Request.INVITE)
                && inbound.challenged(event, provider, messages)) {
            return;
        }
        if (transaction == null) {
            try {
                transaction = provider.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException e) {
                return; // a retransmission the stack is already answering
            } catch (TransactionUnavailableException e) {
                LOG.debugf("no transaction for a %s: %s", request.getMethod(), e.getMessage());
                return;
            }
        }
        switch (request.getMethod()) {
            case Request.INVITE -> {
                if (call != null) {
                    inbound.reInvite(call, transaction, messages);
                } else {
                    inbound.invite(event, transaction, provider, messages, c -> calls.put(callId, c),
                            () -> calls.remove(callId));
                }
            }
            case Request.BYE -> {
                if (call == null) {
                    messages.respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null);
                } else {
                    call.byeReceived(transaction);
                }
            }
            case Request.CANCEL -> cancel(transaction, call);
            case Request.NOTIFY -> {
                if (call == null) {
                    messages.respond(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null, null);
                } else {
                    call.notified(transaction);
                }
            }
            case Request.OPTIONS -> messages.respond(transaction, Response.OK, SipMessages.newTag(), null);
            default -> messages.respond(transaction, Response.METHOD_NOT_ALLOWED, SipMessages.newTag(), null);
        }
    }

    /** 200 to the CANCEL; and 487 to the INVITE it cancels when that is still unanswered. */
    private void cancel(ServerTransaction cancel, SipCall call) {
        if (call != null) {
            call.cancelled(cancel);
            return;
        }
        messages.respond(cancel, Response.OK, null, null);
        if (cancel instanceof SIPServerTransaction nist) {
            ServerTransaction invite = nist.getCanceledInviteTransaction();
            if (invite != null && invite.getState() == TransactionState.PROCEEDING) {
                inbound.cancelled(invite, messages);
            }
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        CSeqHeader cseq = (CSeqHeader) event.getResponse().getHeader(CSeqHeader.NAME);
        if (cseq != null && cseq.getMethod().equals(Request.INVITE)) {
            if (!warm.response(event)) {
                outbound.response(event);
            }
        } else if (cseq != null && cseq.getMethod().equals(Request.REFER)) {
            SipCall call = calls.get(((CallIdHeader) event.getResponse().getHeader(CallIdHeader.NAME)).getCallId());
            if (call != null) {
                call.referAnswered(event.getResponse().getStatusCode());
            }
        } else if (cseq != null && cseq.getMethod().equals(Request.REGISTER)) {
            registrations.response(event);
        }
        // Responses to our BYEs and CANCELs: nothing waits on them.
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        ClientTransaction transaction = event.isServerTransaction() ? null : event.getClientTransaction();
        String callId = transaction == null ? null
                : ((CallIdHeader) transaction.getRequest().getHeader(CallIdHeader.NAME)).getCallId();
        if (transaction != null && transaction.getRequest().getMethod().equals(Request.INVITE)) {
            if (!warm.timedOut(callId)) {
                outbound.timedOut(callId);
            }
        } else if (transaction != null && transaction.getRequest().getMethod().equals(Request.REFER)
                && calls.get(callId) != null) {
            calls.get(callId).referAnswered(Response.REQUEST_TIMEOUT);
        } else if (transaction != null && transaction.getRequest().getMethod().equals(Request.REGISTER)) {
            registrations.timedOut(transaction);
        }
        // Our 200 OK was never ACKed, or our BYE never answered: the dialog-terminated event below ends the call.
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debugf("SIP I/O error with %s:%d (%s)", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        SipCall call = calls.get(event.getDialog().getCallId().getCallId());
        if (call != null && call.owns(event.getDialog())) {
            call.dialogLost();
        }
    }
}
