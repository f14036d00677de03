package dev.parley.contracts.events;

import java.time.Instant;

/**
 * A live-path stream of a call (stage {@code stt}, {@code dialogue} or {@code tts}) failed, and what the gateway made
 * of it: {@code failed} when it notices, {@code recovered} once a new stream (another instance, or the same one back)
 * carries the call on, {@code lost} when nothing recovered within the failover window and the call ends.
 *
 * @param downMs from the failure to this outcome (0 for {@code failed})
 * @param error  the failure as the gateway saw it (a gRPC status)
 */
public record BackendFailover(String tenantId, String callId, Instant timestamp, String stage, String outcome,
                              long downMs, String error) implements CallEvent {
    public static final String TYPE = "backend.failover";
}
