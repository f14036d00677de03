package dev.parley.gateway.session;

import dev.parley.contracts.redaction.Redactor;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.gateway.recording.CallRecording;
import dev.parley.gateway.stt.SttStream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A call's PII off the live path (tenant.yaml {@code redaction}): text in events and logs is masked with the tenant's
 * redactor, and where PII was said is told to the recording, which bleeps it. The live path (dialogue, TTS, the line,
 * captions) keeps the text as said. With the tenant's policy off, text passes as is and nothing is tracked.
 * Used from the call's context only.
 */
final class CallRedaction {
    /** The recognizer hears the caller at 16 kHz, the recording counts the caller's samples at 8 kHz. */
    private static final int STT_SAMPLES_PER_RECORDING_SAMPLE = 2;
    /** How long a redacted recording waits for the recognizer's closing final: it answers a close at once. */
    private static final long CLOSING_FINAL_WAIT_MS = 2_000;

    private final Redactor redactor;
    private final CallRecording recording;
    private final boolean bleeps;
    private int lastPhrase;

    CallRedaction(Redactor redactor, CallRecording recording) {
        this.redactor = redactor;
        this.recording = recording;
        this.bleeps = redactor.enabled() && recording.redacts();
    }

    /** {@code text} with its PII masked, for events and logs. */
    String mask(String text) {
        return redactor.enabled() ? redactor.mask(text) : text;
    }

    /**
     * Keys the caller pressed, for events: masked whole when the policy is on. Each press is a turn of its own, so
     * a card number keyed one digit at a time never looks like a run of digits.
     */
    String maskKeys(String digits) {
        return redactor.enabled() && !digits.isEmpty() ? Redactor.MASK : digits;
    }

    /** The caller pressed a key: its tone is bleeped in the recording. */
    void keyPressed() {
        if (bleeps) {
            recording.redactCallerKeyPress();
        }
    }

    /** {@code text} for a log line: masked only if the line is written (nothing is done when its level is off). */
    Object forLog(String text) {
        return new Object() {
            @Override
            public String toString() {
                return mask(text);
            }
        };
    }

    /** Whether the recording needs to know where PII was said (then the STT stream maps its times). */
    boolean bleeps() {
        return bleeps;
    }

    /**
     * A final transcript: its PII words are bleeped on the caller's track, their stream-relative times placed in the
     * caller's audio by {@code callerSampleAt} (the stream's {@link SttStream#callerSampleAt}).
     */
    void callerFinal(Transcript transcript, LongUnaryOperator callerSampleAt) {
        if (!bleeps || transcript.getWordsCount() == 0) {
            return;
        }
        List<Word> words = transcript.getWordsList();
        List<String> spoken = new ArrayList<>(words.size());
        for (Word w : words) {
            spoken.add(w.getWord());
        }
        for (Redactor.Span span : redactor.findWords(spoken)) {
            long from = callerSampleAt.applyAsLong(words.get(span.start()).getStartMs());
            long to = callerSampleAt.applyAsLong(words.get(span.end() - 1).getEndMs());
            if (from >= 0 && to >= from) {
                recording.redactCaller(from / STT_SAMPLES_PER_RECORDING_SAMPLE, to / STT_SAMPLES_PER_RECORDING_SAMPLE);
            }
        }
    }

    /** The call ended (its agent side closed): the caller's side is closed and the recording finished. */
    void callEnded(CallerTurns caller, CallContext context) {
        long endNanos = System.nanoTime();
        if (!bleeps) {
            caller.close();
            recording.end(endNanos);
            return;
        }
        // The recognizer's closing final may hold the caller's last words (a number, then the hang-up): the recording
        // is finished after it, or after a wait bounded for a recognizer that never answers.
        caller.closeForRedaction(() -> recording.end(endNanos));
        context.timer(CLOSING_FINAL_WAIT_MS, () -> recording.end(endNanos));
    }

    /**
     * A phrase of {@code turn}'s audio is about to play: the number its audio is tagged with for the recording, kept
     * with its span of the utterance text; 0 when not bleeping.
     */
    int phrase(AgentTurn turn, AudioChunk chunk) {
        if (!bleeps) {
            return 0;
        }
        turn.phrases.add(new AgentTurn.Phrase(++lastPhrase, chunk.getTextStart(), chunk.getTextEnd()));
        return lastPhrase;
    }

    /**
     * An agent turn is over (heard, interrupted or cut by the end of the call): its text is whole now, so a number
     * read across phrases ("four one one, one one one") is found, and every phrase whose text overlaps PII is bleeped
     * wherever its audio played.
     */
    void agentTurnOver(AgentTurn turn) {
        if (bleeps && !turn.phrases.isEmpty()) {
            phrasesOver(turn.generatedText(), turn.phrases);
        }
    }

    /** The phrases of an utterance whose text is {@code text}, none of them to be sent again. */
    void phrasesOver(String text, List<AgentTurn.Phrase> phrases) {
        List<Redactor.Span> spans = redactor.find(text, List.of());
        for (AgentTurn.Phrase phrase : phrases) {
            for (Redactor.Span span : spans) {
                if (span.start() < phrase.textEnd() && phrase.textStart() < span.end()) {
                    recording.redactAgentPhrase(phrase.number());
                    break;
                }
            }
        }
        recording.agentPhrasesSettled(phrases.get(phrases.size() - 1).number());
        phrases.clear();
    }
}
