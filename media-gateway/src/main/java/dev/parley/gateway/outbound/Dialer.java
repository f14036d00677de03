package dev.parley.gateway.outbound;

import dev.parley.gateway.tenant.OutboundRoute;
import dev.parley.gateway.tenant.Tenant;

import java.util.Map;

/** Places outbound calls through one kind of route; the outcome comes later as call.outbound events. */
public interface Dialer {
    /** The route kind this dialer serves: {@link OutboundRoute#SIP} or {@link OutboundRoute#TWILIO}. */
    String via();

    /**
     * Starts dialling {@code to} for the tenant through {@code route}, or says why not. {@code openingLine} (null:
     * the tenant's greeting) is what the agent says first once the callee answers.
     */
    Placed dial(Tenant tenant, OutboundRoute route, String to, Map<String, String> parameters, String openingLine);

    /** What became of a dial request: dialling (a call id), refused by the tenant's limits, or unavailable (503). */
    record Placed(OutboundLimits.Refusal refusal, String callId, String unavailable) {
        public static Placed dialling(String callId) {
            return new Placed(null, callId, null);
        }

        public static Placed refused(OutboundLimits.Refusal refusal) {
            return new Placed(refusal, null, null);
        }

        public static Placed unavailable(String why) {
            return new Placed(null, null, why);
        }

        public boolean dialing() {
            return callId != null;
        }
    }
}
