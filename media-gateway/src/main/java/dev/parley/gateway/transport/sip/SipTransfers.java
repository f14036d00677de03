package dev.parley.gateway.transport.sip;

import gov.nist.javax.sip.header.HeaderFactoryExt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.Dialog;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;

/**
 * Cold transfers of SIP calls by REFER (RFC 3515): builds the REFER a call sends in its dialog, reads the NOTIFYs'
 * message/sipfrag, and counts outcomes ({@code parley_sip_transfers_total{mode="cold",outcome}}). The peer (carrier
 * or PBX) makes the new call; we only learn from its NOTIFYs whether the target answered, then end our leg with BYE
 * either way. Warm transfers, where we make the call ourselves, are {@link WarmTransfers}'.
 */
@Singleton
class SipTransfers {
    private static final Logger LOG = Logger.getLogger(SipTransfers.class);
    /** What became of a transfer. All but TRANSFERRED end the call with our BYE, the caller not handed on. */
    enum Outcome {
        /** The peer's NOTIFY said the target answered (sipfrag 2xx), or the peer hung up on us after accepting. */
        TRANSFERRED,
        /** The peer answered the REFER 4xx-6xx: it will not transfer (no REFER support, a policy, a bad target). */
        REFUSED,
        /** The peer accepted, but its NOTIFY said the target did not answer (sipfrag 3xx-6xx). */
        FAILED,
        /** No answer to the REFER, or no final NOTIFY, within {@code parley.sip.transfer-timeout}. */
        TIMEOUT,
        /** The brain's target is neither a sip:/sips: URI nor a tel: URI or E.164 number. */
        INVALID_TARGET;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    /** Separators RFC 3966 allows in a tel: number, dropped when it becomes a SIP user part. */
    private static final Pattern VISUAL_SEPARATORS = Pattern.compile("[-.() ]");
    private static final Pattern SIPFRAG_STATUS = Pattern.compile("^SIP/2\\.0 ([1-6][0-9]{2})\\b");

    private final SipConfig config;
    private final MeterRegistry registry;
    private final WarmTransfers warm;

    SipTransfers(SipConfig config, MeterRegistry registry, WarmTransfers warm) {
        this.config = config;
        this.registry = registry;
        this.warm = warm;
    }

    /** Warm transfers, for tenants that have them instead of REFER. */
    WarmTransfers warm() {
        return warm;
    }

    Duration timeout() {
        return config.transferTimeout();
    }

    /** The REFER for {@code target} in {@code dialog}, referred by us; tel numbers go to the dialog's peer. */
    Request refer(Dialog dialog, String target, SipMessages messages) throws SipException, ParseException {
        Request refer = dialog.createRequest(Request.REFER);
        URI referTo = referTo(target, dialog.getRemoteTarget(), messages);
        refer.setHeader(messages.headers().createReferToHeader(messages.addresses().createAddress(referTo)));
        ContactHeader us = messages.contact();
        refer.setHeader(((HeaderFactoryExt) messages.headers()).createReferredByHeader(us.getAddress()));
        // REFER refreshes the dialog's target (RFC 3515 2.4.1): it must name us.
        if (refer.getHeader(ContactHeader.NAME) == null) {
            refer.setHeader(us);
        }
        return refer;
    }

    /**
     * A sip:/sips: target as it is; a tel: URI or an E.164 number as {@code sip:<number>@<peer>;user=phone}, the
     * peer being the host of the dialog's remote target (the carrier's or PBX's Contact): the trunk that routes
     * numbers is the one the call came over.
     */
    static URI referTo(String target, Address remoteTarget, SipMessages messages) throws ParseException {
        String t = target == null ? "" : target.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            return messages.addresses().createURI(t);
        }
        String number = VISUAL_SEPARATORS.matcher(lower.startsWith("tel:") ? t.substring(4) : t).replaceAll("");
        if (!E164.matcher(number).matches() || remoteTarget == null
                || !(remoteTarget.getURI() instanceof SipURI peer)) {
            throw new ParseException("transfer target '" + t + "' is not a sip: URI, a tel: URI or an E.164 number", 0);
        }
        SipURI uri = messages.addresses().createSipURI(number, peer.getHost());
        if (peer.getPort() > 0) {
            uri.setPort(peer.getPort());
        }
        if (peer.getTransportParam() != null) {
            uri.setTransportParam(peer.getTransportParam());
        }
        uri.setUserParam("phone");
        return uri;
    }

    /** The status line of a NOTIFY's message/sipfrag body ("SIP/2.0 200 OK" is 200); -1 if it has none. */
    static int sipfragStatus(byte[] body) {
        if (body == null) {
            return -1;
        }
        Matcher m = SIPFRAG_STATUS.matcher(new String(body, StandardCharsets.UTF_8).strip());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Logs and counts a transfer's outcome. */
    void decided(String logTag, Outcome outcome, String detail) {
        if (outcome == Outcome.TRANSFERRED) {
            LOG.infof("%s: transfer outcome %s (%s)", logTag, outcome.tag(), detail);
        } else {
            LOG.warnf("%s: transfer outcome %s (%s): hanging up instead", logTag, outcome.tag(), detail);
        }
        // The same meter as warm transfers' (WarmTransfers), told apart by mode.
        Counter.builder("parley.sip.transfers").description("SIP transfers, by mode and outcome")
                .tag("mode", "cold").tag("outcome", outcome.tag()).register(registry).increment();
    }
}
