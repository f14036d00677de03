package dev.parley.contracts.events;

import java.time.Instant;

/** An engine failed and the next one in the chain (or an apology) took over. */
public record EngineFallback(String tenantId, String callId, Instant timestamp,
                             String stage, String failedEngine, String nextEngine, String error) implements CallEvent {
    public static final String TYPE = "engine.fallback";
}
