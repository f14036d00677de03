package dev.parley.gateway.turntaking;

import dev.parley.contracts.stt.v1.Transcript;
import dev.parley.contracts.stt.v1.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers STT finals into one user turn. The turn is complete when the final that answers the gateway's
 * flush (sent at VAD end of speech) arrives; finals the engine produced on its own before that are kept.
 * The words are kept in order with their own confidences: the dialogue service reads back a value when one of its
 * words was heard poorly, which the turn's mean confidence hides.
 */
final class UserTurnCollector {
    /** Below the dialogue service's read-back threshold (0.8). */
    private static final float PARTIAL_CONFIDENCE = 0.5f;
    private final StringBuilder text = new StringBuilder();
    private final List<Word> words = new ArrayList<>();
    /** False once a final with text came without its words: the words kept would not spell the turn's text. */
    private boolean wordsComplete = true;
    private double confidenceSum;
    private int confidenceCount;
    private long flushSeq;
    private long awaitedFlush = -1;

    /** Starts waiting for the final of a new flush; returns the seq to send. */
    long flush() {
        awaitedFlush = ++flushSeq;
        return awaitedFlush;
    }

    boolean awaitingFlush() {
        return awaitedFlush > 0;
    }

    /** Adds a final; returns true if it answers the awaited flush. */
    boolean add(Transcript fin) {
        String t = fin.getText().trim();
        if (!t.isEmpty()) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(t);
            if (fin.getWordsCount() == 0) {
                wordsComplete = false;
            }
            words.addAll(fin.getWordsList());
            confidenceSum += fin.getConfidence();
            confidenceCount++;
        }
        if (fin.getFlushSeq() != 0 && fin.getFlushSeq() == awaitedFlush) {
            awaitedFlush = -1;
            return true;
        }
        return false;
    }

    /**
     * The awaited final never came: the flush is given up (its late final must be ignored) and the words of the last
     * partial transcript stand in for it. Returns the given-up seq.
     */
    long giveUpFlush(String partialText) {
        long seq = awaitedFlush;
        awaitedFlush = -1;
        String t = partialText.trim();
        if (!t.isEmpty()) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(t);
            wordsComplete = false;
            // A partial carries no confidence: count it as poorly heard, so the brain reads back what matters.
            confidenceSum += PARTIAL_CONFIDENCE;
            confidenceCount++;
        }
        return seq;
    }

    /** Caller spoke again before the awaited final arrived: keep collecting into the same turn. */
    void resume() {
        awaitedFlush = -1;
    }

    String text() {
        return text.toString();
    }

    float confidence() {
        return confidenceCount == 0 ? 0f : (float) (confidenceSum / confidenceCount);
    }

    /** The turn's words in order; empty when not known (a final came without its words). */
    List<Word> words() {
        return wordsComplete ? List.copyOf(words) : List.of();
    }

    void reset() {
        text.setLength(0);
        words.clear();
        wordsComplete = true;
        confidenceSum = 0;
        confidenceCount = 0;
    }
}
