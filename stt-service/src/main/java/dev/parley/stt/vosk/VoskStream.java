package dev.parley.stt.vosk;

import dev.parley.audio.Resampler;
import dev.parley.stt.numbers.NumberMerge;
import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognitionStream;
import org.jboss.logging.Logger;
import org.vosk.Recognizer;

import java.util.function.Supplier;

/**
 * One call on a Vosk recognizer (native memory: closed exactly once). Audio at a rate other than the model's is
 * resampled here because the model's feature extractor only downsamples. While a number is expected, a second,
 * digits-only recognizer hears the same audio and its clear digit runs go into the finals ({@link NumberMerge}).
 */
final class VoskStream implements RecognitionStream {
    private static final Logger LOG = Logger.getLogger(VoskStream.class);
    private final String engine;
    private final Recognizer recognizer;
    /** Opens a digits-only recognizer; null when the model cannot restrict one to digits. */
    private final Supplier<Recognizer> numbersPass;
    private final Resampler resampler;
    private final int modelRate;
    private Recognition lastPartial;
    /** The digits-only recognizer while a number is expected, else null. */
    private Recognizer numbers;
    /** Where the digits-only recognizer's time 0 lies on this stream's clock. */
    private long numbersOriginMs;
    private long fedSamples;
    private boolean closed;

    VoskStream(String engine, Recognizer recognizer, Supplier<Recognizer> numbersPass, int inputRate, int modelRate) {
        this.engine = engine;
        this.recognizer = recognizer;
        this.numbersPass = numbersPass;
        this.modelRate = modelRate;
        this.resampler = inputRate == modelRate ? null : new Resampler(inputRate, modelRate);
        this.lastPartial = Recognition.partial("", engine);
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public void expectNumber(boolean expected) {
        ensureOpen();
        if (expected && numbers == null && numbersPass != null) {
            try {
                numbers = numbersPass.get();
            } catch (RuntimeException e) {
                // The open pass alone still hears the number, as it did before there was a digits pass.
                LOG.warnf("no digits-only pass for this stream: %s", e.getMessage());
                return;
            }
            numbersOriginMs = fedSamples * 1000 / modelRate;
        } else if (!expected && numbers != null) {
            numbers.close();
            numbers = null;
        }
    }

    @Override
    public Recognition accept(short[] pcm) {
        ensureOpen();
        short[] samples = resampler == null ? pcm : resampler.process(pcm);
        if (samples.length == 0) {
            return lastPartial;
        }
        fedSamples += samples.length;
        if (numbers != null) {
            numbers.acceptWaveForm(samples, samples.length);
        }
        if (recognizer.acceptWaveForm(samples, samples.length)) {
            lastPartial = Recognition.partial("", engine);
            return withNumbers(VoskResultParser.finalResult(recognizer.getResult(), engine));
        }
        lastPartial = VoskResultParser.partial(recognizer.getPartialResult(), engine);
        return lastPartial;
    }

    @Override
    public Recognition finish() {
        ensureOpen();
        lastPartial = Recognition.partial("", engine);
        return withNumbers(VoskResultParser.finalResult(recognizer.getFinalResult(), engine));
    }

    /** The open recognizer's final with the digits-only pass's runs put in; both passes start a new utterance. */
    private Recognition withNumbers(Recognition open) {
        if (numbers == null) {
            return open;
        }
        Recognition digits = VoskResultParser.finalResult(numbers.getFinalResult(), engine).shiftedBy(numbersOriginMs);
        return NumberMerge.merge(open, digits);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            recognizer.close();
            if (numbers != null) {
                numbers.close();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Vosk stream is closed");
        }
    }
}
