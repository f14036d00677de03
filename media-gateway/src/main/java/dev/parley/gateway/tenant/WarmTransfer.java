package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's warm transfers of SIP calls (tenant.yaml {@code sip.transfer.warm}): instead of a REFER, the gateway
 * dials the person itself through the tenant's trunk ({@code sip.outbound}), briefs them, then bridges the caller
 * to them. Empty (no block, or {@code enabled: false}): transfers stay cold REFERs.
 *
 * @param answerTimeout how long the person's phone may ring before the caller is taken back by the agent
 */
public record WarmTransfer(Duration answerTimeout) {
    static final int DEFAULT_ANSWER_TIMEOUT_S = 20;
    private static final Set<String> KEYS = Set.of("enabled", "answerTimeoutSeconds");

    /** Reads {@code sip.transfer.warm}; an error naming the field when malformed or without a trunk to dial. */
    static Optional<WarmTransfer> parse(JsonNode sip, Optional<SipOutbound> outbound) {
        JsonNode n = sip.path("transfer").path("warm");
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("sip.transfer.warm must be a mapping such as {enabled: true, "
                    + "answerTimeoutSeconds: 20}");
        }
        // A misspelt key would silently keep the default: unknown keys are refused, as for sip.outbound.amd.
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("sip.transfer.warm has an unknown key '" + name
                        + "' (known: enabled, answerTimeoutSeconds)");
            }
        }
        if (!n.path("enabled").isBoolean()) {
            throw new IllegalArgumentException("sip.transfer.warm.enabled must be true or false");
        }
        JsonNode timeout = n.path("answerTimeoutSeconds");
        int seconds = DEFAULT_ANSWER_TIMEOUT_S;
        if (!timeout.isMissingNode()) {
            if (!timeout.isInt() || timeout.asInt() < 5 || timeout.asInt() > 120) {
                throw new IllegalArgumentException("sip.transfer.warm.answerTimeoutSeconds must be a whole number "
                        + "of seconds from 5 to 120, got '" + timeout.asText() + "'");
            }
            seconds = timeout.asInt();
        }
        if (!n.path("enabled").asBoolean()) {
            return Optional.empty();
        }
        // The person is dialled through the tenant's own trunk, with its caller id and credentials.
        if (outbound.isEmpty()) {
            throw new IllegalArgumentException("sip.transfer.warm needs sip.outbound (the trunk the person is "
                    + "dialled through)");
        }
        return Optional.of(new WarmTransfer(Duration.ofSeconds(seconds)));
    }
}
