package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A tenant's dialling through its SIP trunk (tenant.yaml {@code sip.outbound}): the trunk its INVITEs go to, the
 * caller id they carry, its limits, what we prove to the trunk when it challenges us, and whether an answered call is
 * screened for an answering machine first. No block: the tenant cannot dial out through SIP.
 *
 * @param trunk       a SIP URI without user, e.g. {@code sip:203.0.113.10:5060} ({@code ;transport=tcp} allowed)
 * @param callerId    the From user, E.164
 * @param credentials what we answer the trunk's 401/407 with ({@code sip.outbound.auth}); empty: a challenge fails
 *                    the call
 * @param amd         answering-machine detection ({@code sip.outbound.amd}); empty: off, the agent speaks as soon as
 *                    the callee answers
 */
public record SipOutbound(String trunk, String callerId, DialLimits limits, Optional<SipCredentials> credentials,
                          Optional<OutboundAmd> amd) implements OutboundRoute {

    /** A trunk that takes our INVITEs without asking who we are, without answering-machine detection. */
    public SipOutbound(String trunk, String callerId, DialLimits limits) {
        this(trunk, callerId, limits, Optional.empty(), Optional.empty());
    }

    @Override
    public String via() {
        return SIP;
    }

    /** Reads the {@code sip.outbound} block; empty when absent, an error naming the field when malformed. */
    static Optional<SipOutbound> parse(JsonNode sip, String tenant, UnaryOperator<String> env) {
        JsonNode n = sip.path("outbound");
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        String trunk = n.path("trunk").asText("");
        if (!trunk.startsWith("sip:") || trunk.contains("@")) {
            throw new IllegalArgumentException("sip.outbound.trunk must be a SIP URI without a user, e.g. "
                    + "sip:203.0.113.10:5060, got '" + trunk + "'");
        }
        return Optional.of(new SipOutbound(trunk, DialLimits.callerId(n, "sip.outbound"),
                DialLimits.parse(n, "sip.outbound"),
                SipCredentials.parse(n.path("auth"), "sip.outbound.auth", false, tenant, env),
                OutboundAmd.parse(n, "sip.outbound")));
    }
}
