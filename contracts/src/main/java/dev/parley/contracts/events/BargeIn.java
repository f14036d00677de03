package dev.parley.contracts.events;

import java.time.Instant;

/** The caller interrupted agent turn {@code turnId}; {@code falseInterruption} if the agent resumed. */
public record BargeIn(String tenantId, String callId, Instant timestamp,
                      long turnId, String heardText, boolean falseInterruption) implements CallEvent {
    public static final String TYPE = "turn.barge-in";
}
