package dev.parley.stt.vosk;

import dev.parley.audio.Resampler;
import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognitionStream;
import org.vosk.Recognizer;

/**
 * One call on a Vosk recognizer (native memory: closed exactly once). Audio at a rate other than the model's is
 * resampled here because the model's feature extractor only downsamples.
 */
final class VoskStream implements RecognitionStream {
    private final String engine;
    private final Recognizer recognizer;
    private final Resampler resampler;
    private Recognition lastPartial;
    private boolean closed;

    VoskStream(String engine, Recognizer recognizer, int inputRate, int modelRate) {
        this.engine = engine;
        this.recognizer = recognizer;
        this.resampler = inputRate == modelRate ? null : new Resampler(inputRate, modelRate);
        this.lastPartial = Recognition.partial("", engine);
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public Recognition accept(short[] pcm) {
        ensureOpen();
        short[] samples = resampler == null ? pcm : resampler.process(pcm);
        if (samples.length == 0) {
            return lastPartial;
        }
        if (recognizer.acceptWaveForm(samples, samples.length)) {
            lastPartial = Recognition.partial("", engine);
            return VoskResultParser.finalResult(recognizer.getResult(), engine);
        }
        lastPartial = VoskResultParser.partial(recognizer.getPartialResult(), engine);
        return lastPartial;
    }

    @Override
    public Recognition finish() {
        ensureOpen();
        lastPartial = Recognition.partial("", engine);
        return VoskResultParser.finalResult(recognizer.getFinalResult(), engine);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            recognizer.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Vosk stream is closed");
        }
    }
}
