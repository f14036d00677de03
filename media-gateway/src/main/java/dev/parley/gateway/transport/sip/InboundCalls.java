package dev.parley.gateway.transport.sip;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.tenant.SipCredentials;
import dev.parley.gateway.tenant.Tenant;
import dev.parley.gateway.tenant.TenantDirectory;
import dev.parley.gateway.transport.sip.auth.InboundDigest;
import dev.parley.gateway.transport.sip.auth.InboundDigest.Verdict;
import gov.nist.javax.sip.RequestEventExt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A new INVITE becomes a call, or a clear refusal: 404 for a number no tenant has, 403 for a source the tenant's
 * trunk does not list (unless it proves the tenant's digest identity: {@link InboundDigest}), 488 for an offer
 * without PCMU or PCMA, 486 when every line is busy (503 while draining). A refused INVITE costs nothing else: no
 * RTP port, no session. An accepted one gets an RTP port on a fresh event-loop context, a 200 OK with our SDP answer, and its session when the ACK confirms it.
 */
@Singleton
public class InboundCalls {
    private static final Logger LOG = Logger.getLogger(InboundCalls.class);

    private final TenantDirectory tenants;
    private final CallAdmission admission;
    private final CallSessions sessions;
    private final SipConfig config;
    private final RtpPorts ports;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final SipTransfers transfers;
    private final InboundDigest digest;
    /** INVITEs cancelled while their RTP port was being opened (by SIP Call-ID). */
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    InboundCalls(TenantDirectory tenants, CallAdmission admission, CallSessions sessions, SipConfig config,
                 RtpPorts ports, Vertx vertx, MeterRegistry registry, SipTransfers transfers,
                 InboundDigest digest) {
        this.tenants = tenants;
        this.admission = admission;
        this.sessions = sessions;
        this.config = config;
        this.ports = ports;
        this.vertx = vertx;
        this.registry = registry;
        this.transfers = transfers;
        this.digest = digest;
    }

    void invite(RequestEvent event, ServerTransaction transaction, SipProvider provider, SipMessages messages,
                Consumer<SipCall> register, Runnable unregister) {
        Request request = transaction.getRequest();
        String sipCallId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        String dialled = dialledNumber(request);
        String source = source(event);
        String tag = SipMessages.newTag();
        Optional<Tenant> tenant = tenants.byPhoneNumber(dialled).or(() -> tenants.byPhoneNumber("+" + dialled));
        if (tenant.isEmpty()) {
            refuse(messages, transaction, tag, Response.NOT_FOUND, "not-found", "no tenant has number " + dialled);
            return;
        }
        if (!allowed(tenant.get(), source) && !authenticated(tenant.get(), source, messages, transaction, tag)) {
            return;
        }
        SdpMedia media;
        try {
            media = SdpMedia.of(request.getRawContent());
        } catch (IllegalArgumentException e) {
            refuse(messages, transaction, tag, Response.NOT_ACCEPTABLE_HERE, "sdp", e.getMessage());
            return;
        }
        String slot = "sip:" + sipCallId;
        if (!admission.admit(slot, "sip", "")) {
            boolean draining = admission.draining();
            refuse(messages, transaction, tag, draining ? Response.SERVICE_UNAVAILABLE : Response.BUSY_HERE,
                    draining ? "draining" : "busy", admission.refusal());
            return;
        }
        messages.respond(transaction, Response.RINGING, tag, null);
        Context context = vertx.getOrCreateContext();
        RtpChannel.open(vertx, context, config, ports).onComplete(ar -> {
            if (ar.failed()) {
                admission.release(slot, false);
                refuse(messages, transaction, tag, Response.SERVICE_UNAVAILABLE, "no-rtp-port",
                        ar.cause().getMessage());
                return;
            }
            RtpChannel rtp = ar.result();
            if (cancelled.remove(sipCallId)) {
                rtp.close();
                admission.release(slot, false);
                return;
            }
            rtp.media(media);
            CallInfo info = new CallInfo(tenant.get().id(), callId(sipCallId), callerNumber(request), dialled,
                    tenant.get().voice());
            SipCall call = new SipCall(info, transaction, tag, rtp, context, messages, provider, sessions, transfers,
                    () -> {
                        unregister.run();
                        admission.release(slot, false);
                    });
            register.accept(call);
            try {
                call.answer(media);
                LOG.infof("%s: answered SIP call %s from %s (%s)", info.logTag(), sipCallId, source, media.codec());
            } catch (SipException e) {
                LOG.warnf("%s: could not answer: %s", info.logTag(), e.getMessage());
                call.hangUp("answer-failed");
            }
        });
    }

    /**
     * Answers with a 401 challenge an INVITE that must prove its tenant's digest identity and brings no credentials
     * (or ones whose nonce only aged). Called before the INVITE has a server transaction: a transaction would leave a
     * dialog the stack reuses for the re-sent INVITE (same Call-ID and From tag) and later reaps under its call.
     * True when the INVITE was answered.
     */
    boolean challenged(RequestEvent event, SipProvider provider, SipMessages messages) {
        Request request = event.getRequest();
        String dialled = dialledNumber(request);
        Optional<Tenant> tenant = tenants.byPhoneNumber(dialled).or(() -> tenants.byPhoneNumber("+" + dialled));
        if (tenant.isEmpty() || tenant.get().sipDigest().isEmpty() || allowed(tenant.get(), source(event))) {
            return false;
        }
        SipCredentials credentials = tenant.get().sipDigest().get();
        Verdict verdict = digest.verify(request, credentials, false).verdict();
        if (verdict != Verdict.CHALLENGE && verdict != Verdict.STALE) {
            return false;
        }
        messages.challenge(provider, request,
                digest.challenge(messages.headers(), credentials.realm(), verdict == Verdict.STALE));
        return true;
    }

    /**
     * A source outside the allow-list may still prove the tenant's digest identity ({@link #challenged} has sent
     * the 401s): wrong credentials get a counted 403. False when the INVITE was answered.
     */
    private boolean authenticated(Tenant tenant, String source, SipMessages messages, ServerTransaction transaction,
                                  String tag) {
        if (tenant.sipDigest().isEmpty()) {
            refuse(messages, transaction, tag, Response.FORBIDDEN, "forbidden",
                    "source " + source + " is not in tenant " + tenant.id() + "'s sip.allowedSources");
            return false;
        }
        SipCredentials credentials = tenant.sipDigest().get();
        InboundDigest.Result result = digest.verify(transaction.getRequest(), credentials, true);
        switch (result.verdict()) {
            case ACCEPTED -> {
                LOG.debugf("tenant %s: INVITE from %s authenticated by digest", tenant.id(), source);
                return true;
            }
            // challenged() sent the 401s; here only when the tenant or the nonce's age changed since it looked.
            case CHALLENGE, STALE -> messages.challenge(transaction, tag,
                    digest.challenge(messages.headers(), credentials.realm(), result.verdict() == Verdict.STALE));
            default -> refuse(messages, transaction, tag, Response.FORBIDDEN, result.verdict().reason,
                    "source " + source + " failed tenant " + tenant.id() + "'s digest: " + result.why());
        }
        return false;
    }

    /** The caller's CANCEL reached us before our 200 OK: 487 to the INVITE, and the call is not answered. */
    void cancelled(ServerTransaction invite, SipMessages messages) {
        cancelled.add(((CallIdHeader) invite.getRequest().getHeader(CallIdHeader.NAME)).getCallId());
        messages.respond(invite, Response.REQUEST_TERMINATED, SipMessages.newTag(), null);
    }

    void reInvite(SipCall call, ServerTransaction transaction, SipMessages messages) {
        SdpMedia media;
        try {
            media = SdpMedia.of(transaction.getRequest().getRawContent());
        } catch (IllegalArgumentException e) {
            messages.respond(transaction, Response.NOT_ACCEPTABLE_HERE, null, e.getMessage());
            return;
        }
        call.reInvite(transaction, media);
    }

    private void refuse(SipMessages messages, ServerTransaction transaction, String tag, int status, String reason,
                        String why) {
        LOG.warnf("refused a SIP call (%d %s): %s", status, reason, why);
        Counter.builder("parley.sip.refused").description("SIP INVITEs refused, by reason")
                .tag("reason", reason).register(registry).increment();
        messages.respond(transaction, status, tag, null);
    }

    private static String source(RequestEvent event) {
        return event instanceof RequestEventExt ext ? ext.getRemoteIpAddress() : null;
    }

    private static boolean allowed(Tenant tenant, String source) {
        if (source == null) {
            return false;
        }
        try {
            return AllowedSources.allows(tenant.sipSources(), InetAddress.getByName(source));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Our id of a SIP call, derived from its Call-ID (so a carrier's records and ours can be matched) but safe in a
     * URL path and a Kafka key: "SIP" and 32 hex digits, as Twilio's are "CA" and 32.
     */
    static String callId(String sipCallId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sipCallId.getBytes(StandardCharsets.UTF_8));
            return "SIP" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The number dialled: the Request-URI's user part, else the To header's. */
    static String dialledNumber(Request request) {
        String user = user(request.getRequestURI());
        if (user.isEmpty()) {
            user = user(((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI());
        }
        return user;
    }

    private static String callerNumber(Request request) {
        return user(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
    }

    private static String user(URI uri) {
        return uri instanceof SipURI sip && sip.getUser() != null ? sip.getUser() : "";
    }
}
