package dev.parley.gateway.session;

import java.util.HashMap;
import java.util.Map;

/**
 * Who and what a call is about, fixed when it starts. {@code parameters} go to the brain in its CallStart: a dial
 * request's custom parameters, and the reserved {@code parley.*} keys the gateway sets (an opening line).
 */
public record CallInfo(String tenantId, String callId, String from, String to, String voice,
                       Map<String, String> parameters) {
    /** Parameter keys the gateway sets; a tenant's own parameters may not start with it. */
    public static final String RESERVED_PREFIX = "parley.";
    /** The agent's first line instead of the tenant's greeting (dialogue-service's OpeningLine reads it). */
    public static final String OPENING_LINE = "parley.opening_line";

    public CallInfo {
        parameters = Map.copyOf(parameters);
    }

    /** A call that carries no parameters to the brain (an inbound call). */
    public CallInfo(String tenantId, String callId, String from, String to, String voice) {
        this(tenantId, callId, from, to, voice, Map.of());
    }

    /** The same call, its brain given {@code extra} parameters too (an answering-machine screen's voicemail). */
    public CallInfo withParameters(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> all = new HashMap<>(parameters);
        all.putAll(extra);
        return new CallInfo(tenantId, callId, from, to, voice, all);
    }

    /** How every log line about the call names it, so one tenant's or one call's lines can be picked out. */
    public String logTag() {
        return "tenant=" + tenantId + " call=" + callId;
    }
}
