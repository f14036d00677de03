package dev.parley.e2e.caller;

import java.util.concurrent.CompletableFuture;

/**
 * The caller's microphone as the phone network samples it: a 20 ms μ-law frame per tick, carrying the current
 * utterance while there is one and the line's faint noise otherwise, so the stream never pauses between utterances.
 */
final class Microphone {
    private final LineNoise line = new LineNoise(System.nanoTime());
    private Utterance current;

    /**
     * An utterance being spoken; {@code started} completes with the nano time its first frame was taken,
     * {@code sent} with the nano time its last frame left.
     */
    static final class Utterance {
        final byte[] audio;
        final AgentTurn answeredBy;
        final CompletableFuture<Long> started = new CompletableFuture<>();
        final CompletableFuture<Long> sent = new CompletableFuture<>();
        int offset;

        Utterance(byte[] audio, AgentTurn answeredBy) {
            this.audio = audio;
            this.answeredBy = answeredBy;
        }
    }

    /** One frame to send; {@code finished} is the utterance whose last speech this frame carries, if any. */
    record Frame(byte[] ulaw, Utterance finished) {
    }

    synchronized boolean speaking() {
        return current != null;
    }

    synchronized Utterance speak(byte[] audio, AgentTurn answeredBy) {
        if (current != null) {
            throw new IllegalStateException("already speaking; each utterance must finish before the next");
        }
        current = new Utterance(audio, answeredBy);
        return current;
    }

    synchronized Frame nextFrame() {
        byte[] frame = line.ulaw(PhonePlayback.FRAME_BYTES);
        if (current == null) {
            return new Frame(frame, null);
        }
        if (current.offset == 0) {
            current.started.complete(System.nanoTime());
        }
        int take = Math.min(frame.length, current.audio.length - current.offset);
        System.arraycopy(current.audio, current.offset, frame, 0, take);
        current.offset += take;
        Utterance finished = null;
        if (current.offset >= current.audio.length) {
            finished = current;
            current = null;
        }
        return new Frame(frame, finished);
    }
}
