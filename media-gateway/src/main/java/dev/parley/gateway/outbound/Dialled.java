package dev.parley.gateway.outbound;

import dev.parley.gateway.session.CallInfo;
import dev.parley.gateway.tenant.OutboundRoute;

import java.util.HashMap;
import java.util.Map;

/** An outbound call as its events and its brain see it, whichever route dialled it. */
public interface Dialled {
    String tenantId();

    /** Our id of the call: its events' key, and its session's once answered. */
    String callId();

    String to();

    /** The caller id the callee sees. */
    String from();

    /** The route it went out by: {@code sip} or {@code twilio} (its metrics' {@code via} tag). */
    String via();

    /** The tenant's route it was dialled through: its caller id, limits and answering-machine detection. */
    OutboundRoute route();

    /** The dial request's parameters, as given: returned in the call.outbound events. */
    Map<String, String> parameters();

    /** What the agent says first instead of the tenant's greeting; null for the greeting. */
    String openingLine();

    /** What the brain gets with the call: the tenant's parameters, and the opening line under its reserved key. */
    default Map<String, String> brainParameters() {
        if (openingLine() == null) {
            return parameters();
        }
        Map<String, String> all = new HashMap<>(parameters());
        all.put(CallInfo.OPENING_LINE, openingLine());
        return all;
    }

    default String logTag() {
        return "tenant=" + tenantId() + " call=" + callId();
    }
}
