package dev.parley.gateway.session;

import dev.parley.contracts.events.TurnLatency;

import java.time.Instant;

/**
 * Wall-clock milestones of one turn, from the end of the caller's speech to the first agent audio the caller can
 * hear (the first frame above the audible level, at the time it is due to play at their ear).
 */
final class TurnTimeline {
    long endOfSpeechMs;
    long sttFinalMs;
    long firstBrainTextMs;
    long firstTtsAudioMs;
    long firstAudioSentMs;
    long firstAudibleMs;

    static long now() {
        return System.currentTimeMillis();
    }

    void brainText() {
        if (firstBrainTextMs == 0) {
            firstBrainTextMs = now();
        }
    }

    void ttsAudio() {
        if (firstTtsAudioMs == 0) {
            firstTtsAudioMs = now();
        }
    }

    /** The first frame of the turn went to the line (it may be silence: see {@link #firstAudibleMs}). */
    void audioSent() {
        if (firstAudioSentMs == 0) {
            firstAudioSentMs = now();
        }
    }

    TurnLatency toEvent(String tenantId, String callId, long turnId) {
        return new TurnLatency(tenantId, callId, Instant.ofEpochMilli(firstAudibleMs), turnId,
                endOfSpeechMs, sttFinalMs, firstBrainTextMs, firstTtsAudioMs, firstAudioSentMs, firstAudibleMs);
    }
}
