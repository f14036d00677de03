package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How much a tenant may dial out through one route (its SIP trunk, its Twilio account): calls up at once, ringing
 * included; calls started in any minute; the hours it may call in (null: any hour).
 */
public record DialLimits(int maxConcurrent, int callsPerMinute, CallingHours callingHours) {

    /** Reads the limit fields of an outbound block ({@code block} names it in errors), with their defaults. */
    static DialLimits parse(JsonNode n, String block) {
        int concurrent = n.path("maxConcurrent").asInt(1);
        int perMinute = n.path("callsPerMinute").asInt(10);
        if (concurrent < 1 || perMinute < 1) {
            throw new IllegalArgumentException(block + ".maxConcurrent and callsPerMinute must be at least 1");
        }
        return new DialLimits(concurrent, perMinute, CallingHours.parse(n.path("callingHours"), block));
    }

    /** Reads an outbound block's {@code callerId}, which must be E.164. */
    static String callerId(JsonNode n, String block) {
        String callerId = n.path("callerId").asText("");
        if (!callerId.matches("\\+[1-9][0-9]{1,14}")) {
            throw new IllegalArgumentException(block + ".callerId must be an E.164 number, got '" + callerId + "'");
        }
        return callerId;
    }
}
