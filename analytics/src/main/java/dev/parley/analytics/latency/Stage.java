package dev.parley.analytics.latency;

import dev.parley.contracts.events.TurnLatency;

/** A point of a turn measured from the end of the caller's speech (principle 7 of the architecture). */
public enum Stage {
    STT_FINAL("sttFinal"),
    FIRST_BRAIN_TEXT("firstBrainText"),
    FIRST_TTS_AUDIO("firstTtsAudio"),
    FIRST_AUDIO_SENT("firstAudioSent");

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
        long at;
        switch (this) {
            case STT_FINAL:
                at = turn.sttFinalMs();
                break;
            case FIRST_BRAIN_TEXT:
                at = turn.firstBrainTextMs();
                break;
            case FIRST_TTS_AUDIO:
                at = turn.firstTtsAudioMs();
                break;
            default:
                at = turn.firstAudioSentMs();
                break;
        }
        return at > 0 && turn.endOfSpeechMs() > 0 ? at - turn.endOfSpeechMs() : NOT_MEASURED;
    }
}
