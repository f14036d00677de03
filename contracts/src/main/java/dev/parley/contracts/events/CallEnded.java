package dev.parley.contracts.events;

import java.time.Instant;

/**
 * A call ended. {@code durationMs} runs from the call's start to its end and is what billing counts.
 * {@code reason}: "caller-hangup", "agent-hangup", "transferred", "error".
 */
public record CallEnded(String tenantId, String callId, Instant timestamp,
                        long durationMs, String reason, int userTurns, int agentTurns) implements CallEvent {
    public static final String TYPE = "call.ended";
}
