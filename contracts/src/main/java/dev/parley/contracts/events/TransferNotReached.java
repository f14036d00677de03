package dev.parley.contracts.events;

import java.time.Instant;

/**
 * A warm transfer ({@link TransferRequested} in turn {@code turnId}) reached nobody at {@code target}: busy,
 * no-answer, failed, invalid-target, or caller-hangup (the caller left while the person was dialled or briefed). The
 * call is not transferred; unless the caller left, it goes on with the agent.
 */
public record TransferNotReached(String tenantId, String callId, Instant timestamp,
                                 long turnId, String target, String outcome) implements CallEvent {
    public static final String TYPE = "call.transfer-failed";
}
