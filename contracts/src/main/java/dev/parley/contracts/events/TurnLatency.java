package dev.parley.contracts.events;

import java.time.Instant;

/**
 * The timestamps of one turn (epoch milliseconds; 0 when a stage did not happen).
 * <p>
 * {@code firstAudioSentMs} is when the gateway sent the first agent frame, which may be silence (a TTS engine's
 * lead-in); {@code firstAudibleMs} is when the first agent frame above -55 dBFS is due to play at the caller's
 * phone, i.e. what the caller hears. Events written before {@code firstAudibleMs} existed decode with it 0.
 * Voice-to-voice latency is {@code firstAudibleMs - endOfSpeechMs} (see {@link #voiceToVoiceMs()}).
 */
public record TurnLatency(String tenantId, String callId, Instant timestamp,
                          long turnId, long endOfSpeechMs, long sttFinalMs, long firstBrainTextMs,
                          long firstTtsAudioMs, long firstAudioSentMs, long firstAudibleMs) implements CallEvent {
    public static final String TYPE = "turn.latency";

    /**
     * End of speech to the first audible agent audio; for an event without {@code firstAudibleMs} (older
     * gateways, or no audible frame) to the first audio sent instead. -1 when neither can be measured.
     */
    public long voiceToVoiceMs() {
        long heard = firstAudibleMs > 0 ? firstAudibleMs : firstAudioSentMs;
        return heard > 0 && endOfSpeechMs > 0 ? heard - endOfSpeechMs : -1;
    }
}
