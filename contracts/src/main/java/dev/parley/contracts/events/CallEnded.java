package dev.parley.contracts.events;

import java.time.Instant;

/**
 * A call ended. {@code durationMs} runs from the call's start to its end and is what billing counts.
 * {@code reason}: "caller-hangup", "agent-hangup", "transferred", "transfer-failed" (a SIP REFER refused or failed:
 * hung up instead), "error"; also "busy", "backend-lost", "drain" and others the gateway names.
 */
public record CallEnded(String tenantId, String callId, Instant timestamp,
                        long durationMs, String reason, int userTurns, int agentTurns) implements CallEvent {
    public static final String TYPE = "call.ended";
}
