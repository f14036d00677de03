package dev.parley.gateway.transport.sip.register;

import dev.parley.gateway.tenant.SipRegistration;
import dev.parley.gateway.transport.sip.auth.ClientDigest;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.ListIterator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One tenant's binding at its carrier's registrar (RFC 3261 10.2): REGISTER, answer the challenge once per request,
 * refresh at 80 % of the expiry the registrar granted, retry with a doubling back-off (2 s up to 5 min) when it
 * fails, and REGISTER with expires 0 when we leave. One Call-ID for the binding's life, CSeq up by one each time, as
 * registrars expect. Touched only on the registrations' thread.
 */
final class Registration {
    private static final Logger LOG = Logger.getLogger(Registration.class);
    private static final long FIRST_RETRY_MS = 2_000;
    private static final long LAST_RETRY_MS = 300_000;

    enum State { UNREGISTERED, REGISTERING, REGISTERED, FAILED }

    private final String tenant;
    private final SipRegistration config;
    private final SipEndpoint sip;
    private final ScheduledExecutorService thread;
    private final CallIdHeader callId;
    private final String fromTag = UUID.randomUUID().toString().substring(0, 8);
    private final CompletableFuture<Void> left = new CompletableFuture<>();
    private long cseq;
    private volatile State state = State.UNREGISTERED;
    private ClientTransaction current;
    private boolean challenged;
    private boolean leaving;
    private ScheduledFuture<?> next;
    private long retryMs = FIRST_RETRY_MS;

    Registration(String tenant, SipRegistration config, SipEndpoint sip, ScheduledExecutorService thread) {
        this.tenant = tenant;
        this.config = config;
        this.sip = sip;
        this.thread = thread;
        this.callId = sip.provider().getNewCallId();
    }

    String callId() {
        return callId.getCallId();
    }

    SipRegistration config() {
        return config;
    }

    State state() {
        return state;
    }

    void start() {
        send(config.expires());
    }

    /** Removes our binding (if there is one); the future completes when the registrar answered, or gave up. */
    CompletableFuture<Void> leave() {
        leaving = true;
        if (next != null) {
            next.cancel(false);
        }
        if (state == State.REGISTERED || state == State.REGISTERING) {
            send(0);
        } else {
            left.complete(null);
        }
        return left;
    }

    void response(ClientTransaction transaction, Response response) {
        int status = response.getStatusCode();
        if (transaction != current || status < 200) {
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && !challenged) {
            try {
                Request retry = ClientDigest.retry(sip.headers(), response, transaction.getRequest(),
                        config.credentials());
                if (retry != null) {
                    challenged = true;
                    sendRequest(retry);
                    return;
                }
            } catch (Exception e) {
                failed("REGISTER not sent again: " + e.getMessage());
                return;
            }
        }
        if (status >= 300) {
            failed(status + " " + response.getReasonPhrase());
            return;
        }
        if (leaving) {
            moveTo(State.UNREGISTERED, "binding removed");
            left.complete(null);
            return;
        }
        int granted = granted(response);
        retryMs = FIRST_RETRY_MS;
        moveTo(State.REGISTERED, "for " + granted + " s");
        long refresh = Math.max(1_000, granted * 800L);
        next = thread.schedule(() -> send(config.expires()), refresh, TimeUnit.MILLISECONDS);
    }

    void timedOut(ClientTransaction transaction) {
        if (transaction == current) {
            failed("no answer from " + config.registrar());
        }
    }

    private void failed(String why) {
        moveTo(State.FAILED, why);
        if (leaving) {
            left.complete(null);
            return;
        }
        long delay = retryMs;
        retryMs = Math.min(LAST_RETRY_MS, retryMs * 2);
        LOG.infof("tenant %s: REGISTER again in %d s", tenant, delay / 1000);
        next = thread.schedule(() -> send(config.expires()), delay, TimeUnit.MILLISECONDS);
    }

    /** The expiry the registrar granted: our Contact's expires, else the Expires header, else what we asked for. */
    private int granted(Response response) {
        ListIterator<?> contacts = response.getHeaders(ContactHeader.NAME);
        while (contacts != null && contacts.hasNext()) {
            int expires = ((ContactHeader) contacts.next()).getExpires();
            if (expires > 0) {
                return expires;
            }
        }
        ExpiresHeader expires = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        return expires != null && expires.getExpires() > 0 ? expires.getExpires() : config.expires();
    }

    private void send(int expires) {
        if (leaving && expires > 0) {
            return;
        }
        try {
            SipURI registrar = (SipURI) sip.addresses().createURI(config.registrar());
            String transport = registrar.getTransportParam() == null ? "udp" : registrar.getTransportParam();
            Address record = sip.addresses().createAddress(
                    sip.addresses().createSipURI(config.credentials().username(), registrar.getHost()));
            Request register = sip.messages().createRequest(registrar, Request.REGISTER, callId,
                    sip.headers().createCSeqHeader(++cseq, Request.REGISTER),
                    sip.headers().createFromHeader(record, fromTag), sip.headers().createToHeader(record, null),
                    List.of(sip.headers().createViaHeader(sip.host(), sip.port(), transport, null)),
                    sip.headers().createMaxForwardsHeader(70));
            register.addHeader(sip.contact());
            register.addHeader(sip.headers().createExpiresHeader(expires));
            register.addHeader(sip.headers().createUserAgentHeader(List.of("Parley")));
            challenged = false;
            if (state != State.REGISTERED || expires == 0) {
                moveTo(expires == 0 ? state : State.REGISTERING, "REGISTER to " + config.registrar());
            }
            sendRequest(register);
        } catch (Exception e) {
            failed("REGISTER not sent: " + e.getMessage());
        }
    }

    private void sendRequest(Request request) throws Exception {
        ClientTransaction transaction = sip.provider().getNewClientTransaction(request);
        current = transaction;
        cseq = Math.max(cseq, ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber());
        transaction.sendRequest();
    }

    private void moveTo(State to, String why) {
        if (state != to) {
            LOG.infof("tenant %s: SIP registration %s -> %s (%s)", tenant, state, to, why);
            state = to;
        }
    }
}
