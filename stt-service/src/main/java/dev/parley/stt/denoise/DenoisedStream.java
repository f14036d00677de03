package dev.parley.stt.denoise;

import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognitionStream;
import dev.parley.stt.recognizer.RecognizedWord;

import java.util.ArrayList;
import java.util.List;

/** An engine stream fed through a {@link NoiseSuppressor}; closes both exactly once. */
final class DenoisedStream implements RecognitionStream {
    private final RecognitionStream engine;
    private final NoiseSuppressor suppressor;
    /** Answer for a chunk that completed no frame: the engine's last partial, never a final a second time. */
    private Recognition lastPartial;
    private boolean closed;

    DenoisedStream(RecognitionStream engine, NoiseSuppressor suppressor) {
        this.engine = engine;
        this.suppressor = suppressor;
        this.lastPartial = Recognition.partial("", engine.engine());
    }

    @Override
    public String engine() {
        return engine.engine();
    }

    @Override
    public void expectNumber(boolean expected) {
        engine.expectNumber(expected);
    }

    @Override
    public Recognition accept(short[] pcm) {
        short[] clean = suppressor.process(pcm);
        if (clean.length == 0) {
            return lastPartial;
        }
        Recognition r = engine.accept(clean);
        lastPartial = r.isFinal() ? Recognition.partial("", r.engine()) : r;
        return r;
    }

    @Override
    public Recognition finish() {
        lastPartial = Recognition.partial("", engine.engine());
        short[] tail = suppressor.drain();
        Recognition before = tail.length == 0 ? null : engine.accept(tail);
        Recognition last = engine.finish();
        // The tail can end an utterance by itself (endpointing): its words belong to this final too.
        if (before == null || !before.isFinal() || before.text().isEmpty()) {
            return last;
        }
        if (last.text().isEmpty()) {
            return before;
        }
        List<RecognizedWord> words = new ArrayList<>(before.words());
        words.addAll(last.words());
        return Recognition.finalResult(before.text() + " " + last.text(), words, last.engine());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engine.close();
        } finally {
            suppressor.close();
        }
    }
}
