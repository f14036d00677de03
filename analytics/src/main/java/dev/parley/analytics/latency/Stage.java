package dev.parley.analytics.latency;

import dev.parley.contracts.events.TurnLatency;

/**
 * A point of a turn measured from the end of the caller's speech (principle 7 of the architecture).
 * {@link #FIRST_AUDIBLE} is the voice-to-voice figure: what the caller hears. New stages go last: the ordinal is
 * the position in {@link TurnStages}' and {@link LatencyStats}' binary values, which older values lack.
 */
public enum Stage {
    STT_FINAL("sttFinal"),
    FIRST_BRAIN_TEXT("firstBrainText"),
    FIRST_TTS_AUDIO("firstTtsAudio"),
    /** The first agent frame sent, which may be the TTS engine's silent lead-in. */
    FIRST_AUDIO_SENT("firstAudioSent"),
    /** The first agent frame above -55 dBFS, when it is due to play at the caller's phone. */
    FIRST_AUDIBLE("firstAudible");

    /** The stage that is voice-to-voice latency. */
    public static final Stage VOICE_TO_VOICE = FIRST_AUDIBLE;

    /** A stage that did not happen in the turn (its timestamp, or the end of speech, is 0). */
    public static final long NOT_MEASURED = Long.MIN_VALUE;

    private final String jsonName;

    Stage(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Milliseconds from end of speech to this stage, or {@link #NOT_MEASURED}. */
    public long sinceEndOfSpeech(TurnLatency turn) {
        // Exhaustive: a new stage does not compile until it says which timestamp it reads.
        long at = switch (this) {
            case STT_FINAL -> turn.sttFinalMs();
            case FIRST_BRAIN_TEXT -> turn.firstBrainTextMs();
            case FIRST_TTS_AUDIO -> turn.firstTtsAudioMs();
            case FIRST_AUDIO_SENT -> turn.firstAudioSentMs();
            case FIRST_AUDIBLE -> turn.firstAudibleMs();
        };
        return at > 0 && turn.endOfSpeechMs() > 0 ? at - turn.endOfSpeechMs() : NOT_MEASURED;
    }
}
