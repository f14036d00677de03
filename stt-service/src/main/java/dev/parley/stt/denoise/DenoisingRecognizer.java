package dev.parley.stt.denoise;

import dev.parley.stt.recognizer.RecognitionStream;
import dev.parley.stt.recognizer.SpeechRecognizer;
import dev.parley.stt.recognizer.StreamSpec;

import java.util.Map;

/**
 * Puts a noise suppressor in front of an engine (or the whole fallback chain, so a replay after a fallback is the
 * same denoised audio) for the streams of tenants it is on for: {@code enabled} unless {@code tenants} says
 * otherwise for the stream's tenant.
 */
public final class DenoisingRecognizer implements SpeechRecognizer {
    private final SpeechRecognizer engine;
    private final boolean enabled;
    private final Map<String, Boolean> tenants;
    private final int suppressDb;

    public DenoisingRecognizer(SpeechRecognizer engine, boolean enabled, Map<String, Boolean> tenants,
                               int suppressDb) {
        this.engine = engine;
        this.enabled = enabled;
        this.tenants = Map.copyOf(tenants);
        this.suppressDb = suppressDb;
        if (usedAtAll()) {
            // Fail at startup, not on a caller's first turn, when the library is missing.
            try {
                new NoiseSuppressor(16_000, suppressDb).close();
            } catch (IllegalStateException e) {
                throw new IllegalStateException("noise suppression is configured on (parley.stt.denoise.*) but "
                        + e.getMessage(), e);
            }
        }
    }

    /** Whether any stream may get a suppressor (globally on, or on for some tenant). */
    public boolean usedAtAll() {
        return enabled || tenants.containsValue(Boolean.TRUE);
    }

    public boolean enabledFor(String tenantId) {
        return tenants.getOrDefault(tenantId, enabled);
    }

    @Override
    public String name() {
        return engine.name();
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
        RecognitionStream stream = engine.open(spec);
        if (!enabledFor(spec.tenantId())) {
            return stream;
        }
        try {
            return new DenoisedStream(stream, new NoiseSuppressor(spec.sampleRateHz(), suppressDb));
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }
}
