package dev.parley.gateway.session;

import dev.parley.contracts.redaction.Redactor;
import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;
import dev.parley.contracts.tts.v1.AudioChunk;
import dev.parley.gateway.recording.CallRecording;
import dev.parley.gateway.stt.SttStream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * A call's PII off the live path (tenant.yaml {@code redaction}): text in events and logs is masked with the tenant's
 * redactor, and where PII was said is told to the recording, which bleeps it. The live path (dialogue, TTS, the line,
 * captions) keeps the text as said. With the tenant's policy off, text passes as is and nothing is tracked.
 * <p>
 * Besides digits and e-mails, the policy masks values of slots it lists (a patient's name), which only the brain
 * recognizes: each of its TurnDones names them, and from then on they are masked in text and bleeped in audio — the
 * caller's recent finals are kept with their word times so a name said before the brain recognized it is bleeped too.
 * Used from the call's context only.
 */
final class CallRedaction {
    /** The recognizer hears the caller at 16 kHz, the recording counts the caller's samples at 8 kHz. */
    private static final int STT_SAMPLES_PER_RECORDING_SAMPLE = 2;
    /** How long a redacted recording waits for the recognizer's closing final: it answers a close at once. */
    private static final long CLOSING_FINAL_WAIT_MS = 2_000;
    /** How many of the caller's finals are kept for values the brain recognizes later (a turn is one or a few). */
    private static final int FINALS_KEPT = 40;
    /** A bound on the values a call collects (each TurnDone repeats the call's all). */
    private static final int VALUES_KEPT = 64;

    /** A caller's final: its words and where each was said in the caller's recording, in samples. */
    private record HeardFinal(List<String> words, long[] from, long[] to) {
    }

    private final Redactor redactor;
    private final CallRecording recording;
    private final boolean bleeps;
    private final Set<String> values = new LinkedHashSet<>();
    private final ArrayDeque<HeardFinal> finals = new ArrayDeque<>();
    private int lastPhrase;

    CallRedaction(Redactor redactor, CallRecording recording) {
        this.redactor = redactor;
        this.recording = recording;
        this.bleeps = redactor.enabled() && recording.redacts();
    }

    /** {@code text} with its PII masked, for events and logs. */
    String mask(String text) {
        return redactor.enabled() ? redactor.mask(text, values) : text;
    }

    /**
     * Whether a caller's words wait for the brain's answer before they go into an event: the policy lists slots,
     * whose values the brain tells only with its answer to the turn that holds them.
     */
    boolean waitsForRecognizedValues() {
        return redactor.enabled() && !redactor.policy().slots().isEmpty();
    }

    /** The brain's TurnDone named what the call recognized that the policy masks: new ones are masked from now on. */
    void recognized(List<String> recognized) {
        if (!redactor.enabled() || recognized.isEmpty()) {
            return;
        }
        List<String> added = new ArrayList<>();
        for (String value : recognized) {
            if (values.size() < VALUES_KEPT && !value.isBlank() && values.add(value)) {
                added.add(value);
            }
        }
        if (bleeps && !added.isEmpty()) {
            finals.forEach(heard -> bleep(heard, added));
        }
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
        long[] from = new long[words.size()];
        long[] to = new long[words.size()];
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            spoken.add(w.getWord());
            from[i] = callerSampleAt.applyAsLong(w.getStartMs());
            to[i] = callerSampleAt.applyAsLong(w.getEndMs());
        }
        HeardFinal heard = new HeardFinal(spoken, from, to);
        bleep(heard, values);
        if (waitsForRecognizedValues()) {
            finals.addLast(heard);
            if (finals.size() > FINALS_KEPT) {
                finals.removeFirst();
            }
        }
    }

    /** Bleeps the PII among a final's words: the policy's digits and e-mails, and {@code known} values. */
    private void bleep(HeardFinal heard, Collection<String> known) {
        for (Redactor.Span span : redactor.findWords(heard.words(), known)) {
            long from = heard.from()[span.start()];
            long to = heard.to()[span.end() - 1];
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
        List<Redactor.Span> spans = redactor.find(text, values);
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
