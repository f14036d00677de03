package dev.parley.gateway.turntaking;

import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.gateway.vad.SpeechDetector;

/**
 * Where the end of a caller's turn is decided. While the caller holds the floor, their turn ends when
 * <ul>
 *   <li>VAD has heard {@code endpointingMs} of silence, or only {@code fastEndpointingMs} after words that make a
 *       complete sentence ({@link TurnCompleteness#looksComplete}); then STT's final is awaited. For a complete
 *       sentence the final is asked for {@value #EARLY_FLUSH_LEAD_MS} ms before the short silence is over, so it is
 *       usually in hand when the turn ends;</li>
 *   <li>and the final does not sound unfinished (dangling digits, "my number is"), or the caller stayed silent for
 *       {@code unfinishedWaitMs} more;</li>
 *   <li>or push-to-talk was released, whatever the words;</li>
 *   <li>or STT did not answer the flush within {@code sttFinalTimeoutMs} (of its last sign of progress, a new
 *       partial; with no partial at all, up to 4 timeouts): the last partial transcript is used — unless STT is failing over: the new instance hears the
 *       turn's audio again, and its final is waited for (the failover window bounds the wait).</li>
 * </ul>
 * Pure: time comes in with every event, and timers go out as {@link TurnCommands#wakeAt} requests.
 */
final class EndOfTurn {
    /** How a collected turn ends: with the caller's words, or with none (noise, a cough): null. */
    interface Outcome {
        void turnOver(UserTurn turnOrNull);
    }

    private static final long NEVER = Long.MAX_VALUE;
    /** How much sooner than the short silence a complete sentence's final is asked for. */
    static final int EARLY_FLUSH_LEAD_MS = 96;
    /** A busy STT's final is waited for up to this many final timeouts after the flush (6 s by default). */
    static final int STT_BEHIND_LIMIT_TIMEOUTS = 4;

    private final TurnPolicy policy;
    private final SpeechDetector speech;
    private final TurnCommands out;
    private final Outcome outcome;
    private final UserTurnCollector collected = new UserTurnCollector();
    private boolean collecting;
    /** Push-to-talk released: the turn ends with the next final, however it sounds. */
    private boolean endSignalled;
    /** Flushed in a short silence because the words so far make a complete sentence. */
    private boolean flushedEarly;
    /** The silence (ms) when the early flush went out: less later means the caller spoke again. */
    private int silenceAtEarlyFlush;
    /** The early flush's final came before the short silence was over: the turn ends when it is. */
    private boolean finalInHand;
    private String partial = "";
    private ExpectedDigits expected = ExpectedDigits.UNKNOWN;
    private long lastSpeechMs;
    private long unfinishedDeadline = NEVER;
    private long finalDeadline = NEVER;
    private long flushedAtMs;
    /** A new STT instance took over the turn: its first partial is progress, even if it repeats the last one's. */
    private boolean replaying;
    /** Flush whose final is thrown away: the words of a false interruption are not the caller's next turn. */
    private long discardedFlush = -1;
    /** Flush whose final came too late: the turn already went with the partial transcript. */
    private long abandonedFlush = -1;
    /** STT's stream failed and a new one is being opened: its final is late, not lost. */
    private boolean sttDown;

    EndOfTurn(TurnPolicy policy, SpeechDetector speech, TurnCommands out, Outcome outcome) {
        this.policy = policy;
        this.speech = speech;
        this.out = out;
        this.outcome = outcome;
    }

    /** Every frame, whoever holds the floor: the end of the caller's speech is the last frame that sounded like it. */
    void heard(long nowMs, float probability) {
        if (probability >= policy.vadEndThreshold()) {
            lastSpeechMs = nowMs;
        }
    }

    /** The caller takes (or, after a pause, keeps) the floor: their turn is being collected. */
    void begin(long nowMs) {
        if (collected.awaitingFlush()) {
            // Speaking again before the final came: the final's words stay part of this same turn.
            collected.resume();
            finalDeadline = NEVER;
        }
        unfinishedDeadline = NEVER;
        collecting = true;
        flushedEarly = false;
        finalInHand = false;
        out.callerSpeaking();
    }

    /** A frame while the caller holds the floor. */
    void frame(long nowMs, SpeechDetector.Change change) {
        if (change == SpeechDetector.Change.SPEECH_ENDED) {
            if (!collected.awaitingFlush() && !finalInHand) {
                flush(nowMs);
            }
            return;
        }
        if (flushedEarly) {
            if (spokeAgainSinceEarlyFlush()) {
                // A pause inside the sentence after all: the turn goes on, ended by the next silence (and flush).
                flushedEarly = false;
                finalInHand = false;
                if (collected.awaitingFlush()) {
                    collected.resume();
                    finalDeadline = NEVER;
                }
            } else if (finalInHand && speech.trailingSilenceMs() >= policy.fastEndpointingMs()) {
                finalInHand = false;
                decide(nowMs);
            }
        } else if (!collected.awaitingFlush() && speech.speaking()
                && speech.trailingSilenceMs() >= policy.fastEndpointingMs() - EARLY_FLUSH_LEAD_MS
                && TurnCompleteness.looksComplete(joined(collected.text(), partial), expected)) {
            // A clearly complete sentence followed by a short silence needs no full endpointing wait.
            flushedEarly = true;
            silenceAtEarlyFlush = speech.trailingSilenceMs();
            flush(nowMs);
        }
    }

    /** Push-to-talk released: the caller says the turn is over, no need to wait for silence or more digits. */
    void endSignalled(long nowMs) {
        endSignalled = true;
        if (!collected.awaitingFlush()) {
            flush(nowMs);
        }
    }

    /** What the brain's next answer needs: how many digits make the number it asked for (or may be given). */
    void expect(ExpectedDigits digits) {
        expected = digits;
    }

    /** A false interruption: whatever STT heard of it is thrown away, not kept for the caller's next turn. */
    void discard() {
        discardedFlush = collected.flush();
        out.flushStt(discardedFlush);
    }

    void partial(long nowMs, String text) {
        if (finalDeadline != NEVER && (!text.equals(partial) || replaying)) {
            // STT is behind, not gone: it is still working through the turn's audio. Its final is worth waiting for
            // (the partial it would be replaced by is a truncated, unsure hearing), but not for ever.
            finalDeadline = Math.min(nowMs + policy.sttFinalTimeoutMs(), behindLimit());
            wake();
        }
        partial = text;
        replaying = false;
        out.caption(joined(collected.text(), text));
    }

    void onFinal(long nowMs, Transcript transcript) {
        long seq = transcript.getFlushSeq();
        if (seq != 0 && seq == discardedFlush) {
            discardedFlush = -1;
            collected.reset();
            collected.resume();
            return;
        }
        if (seq != 0 && seq == abandonedFlush || !collecting && seq == 0) {
            // Too late for its turn; or words while nobody gave the caller the floor: echo or noise.
            return;
        }
        boolean answered = collected.add(transcript);
        partial = "";
        if (answered) {
            finalDeadline = NEVER;
            flushAnswered(nowMs);
        }
    }

    void sttOutage(long nowMs, boolean down) {
        sttDown = down;
        if (!down && finalDeadline != NEVER) {
            // The new instance starts on the turn's audio now (up to 10 s of it, replayed): it gets the time a flush
            // gets, counted from now — its partials of the replay must not run into a limit set at the first flush.
            flushedAtMs = nowMs;
            replaying = true;
            finalDeadline = Math.max(finalDeadline, nowMs + policy.sttFinalTimeoutMs());
            wake();
        }
    }

    void onTimer(long nowMs) {
        if (finalDeadline <= nowMs && sttDown) {
            finalDeadline = nowMs + policy.sttFinalTimeoutMs();
        } else if (finalDeadline <= nowMs && nothingHeardYet() && nowMs < behindLimit()) {
            // Giving up now would leave the caller with no turn at all (there is not even a partial to answer
            // from), so a starved STT's first words are worth the longer wait a busy one gets.
            finalDeadline = Math.min(nowMs + policy.sttFinalTimeoutMs(), behindLimit());
        } else if (finalDeadline <= nowMs) {
            finalDeadline = NEVER;
            if (collecting && collected.awaitingFlush()) {
                // STT never answered: go with what its partials said rather than leave the caller waiting.
                abandonedFlush = collected.giveUpFlush(partial);
                partial = "";
                flushAnswered(nowMs);
            }
        }
        if (unfinishedDeadline <= nowMs) {
            unfinishedDeadline = NEVER;
            if (collecting && callerSilent()) {
                if (speech.rising()) {
                    // The caller may be starting the next digit group: look again once speech would be confirmed.
                    unfinishedDeadline = nowMs + policy.speechStartMs();
                } else {
                    complete(nowMs);
                }
            }
        }
        wake();
    }

    private boolean nothingHeardYet() {
        return collecting && collected.awaitingFlush() && partial.isEmpty() && collected.text().isEmpty();
    }

    private long behindLimit() {
        return flushedAtMs + STT_BEHIND_LIMIT_TIMEOUTS * policy.sttFinalTimeoutMs();
    }

    private void flushAnswered(long nowMs) {
        if (!collecting) {
            return;
        }
        if (endSignalled) {
            complete(nowMs);
        } else if (flushedEarly && speech.speaking()) {
            if (spokeAgainSinceEarlyFlush()) {
                flushedEarly = false;
            } else if (speech.trailingSilenceMs() >= policy.fastEndpointingMs()) {
                decide(nowMs);
            } else {
                finalInHand = true;
            }
        } else if (callerSilent()) {
            decide(nowMs);
        }
    }

    /** The words are in: answer now, or, if they sound unfinished (a number read in groups), a little later. */
    private void decide(long nowMs) {
        if (policy.unfinishedWaitMs() > 0 && TurnCompleteness.looksUnfinished(collected.text(), expected)) {
            unfinishedDeadline = nowMs + policy.unfinishedWaitMs();
            wake();
        } else {
            complete(nowMs);
        }
    }

    private boolean spokeAgainSinceEarlyFlush() {
        return speech.speaking() && speech.trailingSilenceMs() < silenceAtEarlyFlush;
    }

    /** Silent enough for the turn to end: endpointing passed, or the short wait after an early flush. */
    private boolean callerSilent() {
        return !speech.speaking() || flushedEarly && speech.trailingSilenceMs() >= policy.fastEndpointingMs();
    }

    private void flush(long nowMs) {
        out.flushStt(collected.flush());
        flushedAtMs = nowMs;
        finalDeadline = nowMs + policy.sttFinalTimeoutMs();
        wake();
    }

    private void wake() {
        long next = Math.min(unfinishedDeadline, finalDeadline);
        if (next != NEVER) {
            out.wakeAt(next);
        }
    }

    private void complete(long nowMs) {
        collecting = false;
        endSignalled = false;
        flushedEarly = false;
        finalInHand = false;
        unfinishedDeadline = NEVER;
        finalDeadline = NEVER;
        String text = collected.text();
        UserTurn turn = text.isBlank() ? null : new UserTurn("speech", text, collected.confidence(),
                collected.words(), lastSpeechMs, nowMs);
        collected.reset();
        outcome.turnOver(turn);
    }

    private static String joined(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
    }
}
