package dev.parley.contracts.events;

import java.time.Instant;

/** A call was accepted for a tenant. {@code transport} is e.g. "twilio", "telnyx", "browser". */
public record CallStarted(String tenantId, String callId, Instant timestamp,
                          String transport, String from, String to) implements CallEvent {
    public static final String TYPE = "call.started";
}
