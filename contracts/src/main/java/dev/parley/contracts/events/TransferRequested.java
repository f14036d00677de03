package dev.parley.contracts.events;

import java.time.Instant;

/** The agent hands the caller to a human at {@code target}. */
public record TransferRequested(String tenantId, String callId, Instant timestamp,
                                long turnId, String target, String reason) implements CallEvent {
    public static final String TYPE = "call.transfer";
}
