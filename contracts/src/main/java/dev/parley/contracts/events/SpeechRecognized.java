package dev.parley.contracts.events;

import java.time.Instant;

/** stt-service finished a recognition stream: usage for billing and engine accounting. */
public record SpeechRecognized(String tenantId, String callId, Instant timestamp,
                               String engine, long audioMs, int finals) implements CallEvent {
    public static final String TYPE = "stt.usage";
}
