package dev.parley.contracts.events;

import java.time.Instant;

/** An agent turn: what the brain generated and what the caller actually heard of it. */
public record AgentTurnEvent(String tenantId, String callId, Instant timestamp,
                             long turnId, String generatedText, String heardText, boolean interrupted,
                             String brain) implements CallEvent {
    public static final String TYPE = "turn.agent";
}
