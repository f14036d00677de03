package dev.parley.stt.support;

import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognitionStream;
import dev.parley.stt.recognizer.SpeechRecognizer;
import dev.parley.stt.recognizer.StreamSpec;

/**
 * A real engine whose streams die part-way, like a cloud engine whose connection drops: it recognizes with the
 * wrapped engine until {@code crashAfterMs} of audio, then every call throws.
 */
public final class CrashingRecognizer implements SpeechRecognizer {
    private final String name;
    private final SpeechRecognizer engine;
    private final long crashAfterMs;

    public CrashingRecognizer(String name, SpeechRecognizer engine, long crashAfterMs) {
        this.name = name;
        this.engine = engine;
        this.crashAfterMs = crashAfterMs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean ready() {
        return engine.ready();
    }

    @Override
    public boolean supports(String language) {
        return engine.supports(language);
    }

    @Override
    public RecognitionStream open(StreamSpec spec) {
        RecognitionStream inner = engine.open(spec);
        long crashAt = crashAfterMs * spec.sampleRateHz() / 1000;
        return new RecognitionStream() {
            private long fed;

            @Override
            public String engine() {
                return name;
            }

            @Override
            public Recognition accept(short[] pcm) {
                fed += pcm.length;
                checkAlive();
                return inner.accept(pcm).withEngine(name);
            }

            @Override
            public Recognition finish() {
                checkAlive();
                return inner.finish().withEngine(name);
            }

            private void checkAlive() {
                if (fed > crashAt) {
                    throw new IllegalStateException(name + " lost its connection after " + crashAfterMs + " ms");
                }
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }
}
