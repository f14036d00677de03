package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * A tenant's dialling through its Twilio account (tenant.yaml {@code twilio.outbound}): the account the calls are
 * created in, where its auth token is read from (never the token itself: tenant.yaml lives in the repository), the
 * caller id (a Twilio number of that account), its limits, and whether an answered call is screened for an answering
 * machine first. No block: the tenant cannot dial out through Twilio.
 *
 * @param accountSid   the account's SID, {@code AC} + 32 hex digits
 * @param authTokenEnv the environment variable (or any gateway config property) holding the account's auth token
 * @param amd          answering-machine detection ({@code twilio.outbound.amd}, as {@code sip.outbound.amd}); empty:
 *                     off, the agent speaks as soon as the media stream starts
 */
public record TwilioOutbound(String accountSid, String authTokenEnv, String callerId, DialLimits limits,
                             Optional<OutboundAmd> amd) implements OutboundRoute {

    /** An account whose calls are not screened for answering machines. */
    public TwilioOutbound(String accountSid, String authTokenEnv, String callerId, DialLimits limits) {
        this(accountSid, authTokenEnv, callerId, limits, Optional.empty());
    }

    @Override
    public String via() {
        return TWILIO;
    }

    /** Reads the {@code twilio.outbound} block; empty when absent, an error naming the field when malformed. */
    static Optional<TwilioOutbound> parse(JsonNode twilio) {
        JsonNode n = twilio.path("outbound");
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        String sid = n.path("accountSid").asText("");
        if (!sid.matches("AC[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("twilio.outbound.accountSid must be AC followed by 32 hex digits, got '"
                    + sid + "'");
        }
        String env = n.path("authTokenEnv").asText("");
        if (!env.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("twilio.outbound.authTokenEnv must name the environment variable that "
                    + "holds the auth token, e.g. PARLEY_TWILIO_AUTH_TOKEN_ACME, got '" + env + "'");
        }
        return Optional.of(new TwilioOutbound(sid, env, DialLimits.callerId(n, "twilio.outbound"),
                DialLimits.parse(n, "twilio.outbound"), OutboundAmd.parse(n, "twilio.outbound")));
    }
}
