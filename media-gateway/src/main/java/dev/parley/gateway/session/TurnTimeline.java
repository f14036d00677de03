package dev.parley.gateway.session;

import dev.parley.contracts.events.TurnLatency;

import java.time.Instant;

/** Wall-clock milestones of one turn, from the end of the caller's speech to the first audio sent back. */
final class TurnTimeline {
    long endOfSpeechMs;
    long sttFinalMs;
    long firstBrainTextMs;
    long firstTtsAudioMs;
    long firstAudioSentMs;

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

    /** Returns true the first time only. */
    boolean audioSent() {
        if (firstAudioSentMs != 0) {
            return false;
        }
        firstAudioSentMs = now();
        return true;
    }

    TurnLatency toEvent(String tenantId, String callId, long turnId) {
        return new TurnLatency(tenantId, callId, Instant.ofEpochMilli(firstAudioSentMs), turnId,
                endOfSpeechMs, sttFinalMs, firstBrainTextMs, firstTtsAudioMs, firstAudioSentMs);
    }
}
