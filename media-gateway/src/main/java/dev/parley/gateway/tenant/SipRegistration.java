package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A tenant's registration with its carrier (tenant.yaml {@code sip.register}): for trunks that only send calls to an
 * address that REGISTERed, the gateway registers itself at {@code registrar} for {@code expires} seconds and keeps
 * the binding fresh. No block (or its password variable unset): no REGISTER.
 *
 * @param registrar a SIP URI without user, e.g. {@code sip:203.0.113.10:5060} ({@code ;transport=tcp} allowed)
 */
public record SipRegistration(String registrar, SipCredentials credentials, int expires) {

    static Optional<SipRegistration> parse(JsonNode sip, String tenant, UnaryOperator<String> env) {
        JsonNode n = sip.path("register");
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        String registrar = n.path("registrar").asText("");
        if (!registrar.startsWith("sip:") || registrar.contains("@")) {
            throw new IllegalArgumentException("sip.register.registrar must be a SIP URI without a user, e.g. "
                    + "sip:203.0.113.10:5060, got '" + registrar + "'");
        }
        int expires = n.path("expires").asInt(3600);
        if (expires < 1) {
            throw new IllegalArgumentException("sip.register.expires must be at least 1 second, got " + expires);
        }
        return SipCredentials.parse(n, "sip.register", false, tenant, env)
                .map(c -> new SipRegistration(registrar, c, expires));
    }
}
