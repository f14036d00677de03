package dev.parley.contracts.events;

import java.time.Instant;

/** tts-service synthesized an utterance (or part of one, if cancelled). */
public record SpeechSynthesized(String tenantId, String callId, Instant timestamp,
                                long turnId, String engine, int characters, long audioMs,
                                long firstAudioMs, boolean cancelled) implements CallEvent {
    public static final String TYPE = "tts.usage";
}
