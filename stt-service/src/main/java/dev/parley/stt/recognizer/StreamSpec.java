package dev.parley.stt.recognizer;

/**
 * What a recognition stream is for: whose call, the sample rate of the PCM16 audio that will be fed, and the
 * requested language (empty means the engine's own).
 */
public record StreamSpec(String tenantId, String callId, int sampleRateHz, String language) {
}
