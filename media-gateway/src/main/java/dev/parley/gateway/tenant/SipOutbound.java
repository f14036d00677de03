package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A tenant's outbound dialling (tenant.yaml {@code sip.outbound}): the trunk its INVITEs go to, the caller id they
 * carry, how many of its outbound calls may be up at once and may start per minute, and the hours (in the callees'
 * time zone) it may call in. No block: the tenant cannot dial out.
 *
 * @param trunk          a SIP URI without user, e.g. {@code sip:203.0.113.10:5060} ({@code ;transport=tcp} allowed)
 * @param callerId       the From user, E.164
 * @param callingHours   null when the tenant set none (any hour)
 * @param credentials    what we answer the trunk's 401/407 with ({@code sip.outbound.auth}); empty: a challenge
 *                       fails the call
 * @param amd            answering-machine detection ({@code sip.outbound.amd}); empty: off, the agent speaks as soon
 *                       as the callee answers
 */
public record SipOutbound(String trunk, String callerId, int maxConcurrent, int callsPerMinute,
                          CallingHours callingHours, Optional<SipCredentials> credentials,
                          Optional<OutboundAmd> amd) {

    /** A trunk without answering-machine detection. */
    public SipOutbound(String trunk, String callerId, int maxConcurrent, int callsPerMinute,
                       CallingHours callingHours, Optional<SipCredentials> credentials) {
        this(trunk, callerId, maxConcurrent, callsPerMinute, callingHours, credentials, Optional.empty());
    }

    /** A trunk that takes our INVITEs without asking who we are. */
    public SipOutbound(String trunk, String callerId, int maxConcurrent, int callsPerMinute,
                       CallingHours callingHours) {
        this(trunk, callerId, maxConcurrent, callsPerMinute, callingHours, Optional.empty());
    }

    /** From {@code from} (inclusive) to {@code to} (exclusive) in {@code zone}; a range past midnight wraps. */
    public record CallingHours(ZoneId zone, LocalTime from, LocalTime to) {
        public boolean allows(LocalTime time) {
            return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to);
        }
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
        String callerId = n.path("callerId").asText("");
        if (!callerId.matches("\\+[1-9][0-9]{1,14}")) {
            throw new IllegalArgumentException("sip.outbound.callerId must be an E.164 number, got '" + callerId + "'");
        }
        int concurrent = n.path("maxConcurrent").asInt(1);
        int perMinute = n.path("callsPerMinute").asInt(10);
        if (concurrent < 1 || perMinute < 1) {
            throw new IllegalArgumentException("sip.outbound.maxConcurrent and callsPerMinute must be at least 1");
        }
        JsonNode hours = n.path("callingHours");
        CallingHours calling = null;
        if (!hours.isMissingNode() && !hours.isNull()) {
            try {
                calling = new CallingHours(ZoneId.of(hours.path("zone").asText("")),
                        LocalTime.parse(hours.path("from").asText("")), LocalTime.parse(hours.path("to").asText("")));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("sip.outbound.callingHours from/to must be HH:mm: "
                        + e.getMessage());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("sip.outbound.callingHours.zone must be a time zone id such as "
                        + "America/New_York: " + e.getMessage());
            }
        }
        return Optional.of(new SipOutbound(trunk, callerId, concurrent, perMinute, calling,
                SipCredentials.parse(n.path("auth"), "sip.outbound.auth", false, tenant, env), OutboundAmd.parse(n)));
    }
}
