package dev.parley.stt.recognizer;

import dev.parley.audio.Pcm16;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A stream that survives its engine: it keeps the audio of the current utterance (bounded) and, when the engine
 * throws, opens the next engine of the chain, replays that audio into it and carries on. Word times of the new
 * engine are shifted so they stay relative to the start of the whole stream.
 */
final class FallbackStream implements RecognitionStream {
    private final FallbackRecognizer owner;
    private final StreamSpec spec;
    private final List<SpeechRecognizer> candidates;
    private final long maxReplaySamples;
    private final ArrayDeque<short[]> utterance = new ArrayDeque<>();
    private long utteranceSamples;
    /** Stream position (in samples) of the first buffered sample of the current utterance. */
    private long utteranceStart;
    private long fedSamples;
    private int index;
    private RecognitionStream current;
    /** Stream position where the current engine's time 0 lies. */
    private long engineOrigin;
    private boolean closed;
    /** Told to the engine that takes over, as it was told to the one that failed. */
    private boolean numberExpected;

    FallbackStream(FallbackRecognizer owner, StreamSpec spec, List<SpeechRecognizer> candidates, long maxReplayMs) {
        this.owner = owner;
        this.spec = spec;
        this.candidates = candidates;
        this.maxReplaySamples = maxReplayMs * spec.sampleRateHz() / 1000;
    }

    void openFirstAvailable(int from) {
        FallbackRecognizer.Opened opened = owner.openFrom(spec, candidates, from);
        index = opened.index();
        current = opened.stream();
    }

    @Override
    public String engine() {
        return current.engine();
    }

    @Override
    public void expectNumber(boolean expected) {
        ensureOpen();
        numberExpected = expected;
        current.expectNumber(expected);
    }

    @Override
    public Recognition accept(short[] pcm) {
        ensureOpen();
        remember(pcm);
        fedSamples += pcm.length;
        Recognition result;
        try {
            result = current.accept(pcm);
        } catch (RuntimeException e) {
            result = failOver(e);
        }
        return settle(result);
    }

    @Override
    public Recognition finish() {
        ensureOpen();
        Recognition result;
        try {
            result = current.finish();
        } catch (RuntimeException e) {
            failOver(e);
            result = finishAfterFailOver();
        }
        return settle(Recognition.finalResult(result.text(), result.words(), result.engine()));
    }

    private Recognition finishAfterFailOver() {
        while (true) {
            try {
                return current.finish();
            } catch (RuntimeException e) {
                failOver(e);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            current.close();
        }
    }

    /** Switches to the next engine that opens and accepts the replayed utterance; returns its replay result. */
    private Recognition failOver(RuntimeException error) {
        while (true) {
            owner.reportFailure(spec, candidates, index, error);
            closeQuietly(current);
            if (index + 1 >= candidates.size()) {
                closed = true;
                throw new RecognizerUnavailableException("every speech engine failed for call " + spec.callId()
                        + "; last error: " + error.getMessage(), error);
            }
            try {
                openFirstAvailable(index + 1);
            } catch (RecognizerUnavailableException e) {
                closed = true;
                throw e;
            }
            engineOrigin = utteranceStart;
            try {
                current.expectNumber(numberExpected);
                return current.accept(utteranceAudio());
            } catch (RuntimeException e) {
                error = e;
            }
        }
    }

    private Recognition settle(Recognition result) {
        if (result.isFinal()) {
            utterance.clear();
            utteranceSamples = 0;
            utteranceStart = fedSamples;
        }
        return result.shiftedBy(Pcm16.millis(engineOrigin, spec.sampleRateHz()));
    }

    private void remember(short[] pcm) {
        utterance.addLast(pcm);
        utteranceSamples += pcm.length;
        while (utteranceSamples > maxReplaySamples && utterance.size() > 1) {
            short[] dropped = utterance.removeFirst();
            utteranceSamples -= dropped.length;
            utteranceStart += dropped.length;
        }
    }

    private short[] utteranceAudio() {
        short[] all = new short[(int) utteranceSamples];
        int at = 0;
        for (short[] chunk : utterance) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("recognition stream of call " + spec.callId() + " is closed");
        }
    }

    private static void closeQuietly(RecognitionStream stream) {
        try {
            stream.close();
        } catch (RuntimeException ignored) {
            // The engine already failed; its close error adds nothing.
        }
    }
}
