package dev.parley.contracts.events;

import java.time.Instant;

/**
 * The timestamps of one turn (epoch milliseconds; 0 when a stage did not happen).
 * Voice-to-voice latency is {@code firstAudioSentMs - endOfSpeechMs}.
 */
public record TurnLatency(String tenantId, String callId, Instant timestamp,
                          long turnId, long endOfSpeechMs, long sttFinalMs, long firstBrainTextMs,
                          long firstTtsAudioMs, long firstAudioSentMs) implements CallEvent {
    public static final String TYPE = "turn.latency";

    public long voiceToVoiceMs() {
        return firstAudioSentMs > 0 && endOfSpeechMs > 0 ? firstAudioSentMs - endOfSpeechMs : -1;
    }
}
