package dev.parley.stt.engines;

import dev.parley.events.EventPublisher;
import dev.parley.stt.SttConfig;
import dev.parley.stt.denoise.DenoisingRecognizer;
import dev.parley.stt.recognizer.FallbackRecognizer;
import dev.parley.stt.recognizer.SpeechRecognizer;
import dev.parley.stt.vosk.DecoderSettings;
import dev.parley.stt.vosk.VoskRecognizer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/** Builds the configured engine chain once at startup (loading models then, not on the first call). */
@Startup
@Singleton
public class SttEngines {
    private final List<SpeechRecognizer> engines;
    private final SpeechRecognizer recognizer;

    SttEngines(SttConfig config, EventPublisher events) {
        List<SpeechRecognizer> chain = new ArrayList<>();
        for (String name : config.engines()) {
            chain.add(create(name.trim(), config));
        }
        this.engines = List.copyOf(chain);
        FallbackRecognizer chainRecognizer = new FallbackRecognizer(engines, events, config.fallbackReplayMs());
        SttConfig.Denoise denoise = config.denoise();
        DenoisingRecognizer denoising = new DenoisingRecognizer(chainRecognizer, denoise.enabled(), denoise.tenants(),
                denoise.suppressDb());
        // Off everywhere: the chain itself, with no wrapper on the live path.
        this.recognizer = denoising.usedAtAll() ? denoising : chainRecognizer;
    }

    private static SpeechRecognizer create(String name, SttConfig config) {
        if ("vosk".equals(name)) {
            SttConfig.Vosk vosk = config.vosk();
            return VoskRecognizer.load(name, vosk.modelDir(), vosk.language(),
                    new DecoderSettings(vosk.maxActive(), vosk.beam(), vosk.latticeBeam()));
        }
        throw new IllegalArgumentException("unknown stt engine '" + name + "' in parley.stt.engines (known: vosk)");
    }

    /** The engine chain, behind the noise suppressor when that is on for any tenant. */
    public SpeechRecognizer recognizer() {
        return recognizer;
    }

    public List<SpeechRecognizer> engines() {
        return engines;
    }

    @PreDestroy
    void close() {
        for (SpeechRecognizer engine : engines) {
            if (engine instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) engine).close();
                } catch (Exception ignored) {
                    // Shutting down: nothing useful to do with a close failure.
                }
            }
        }
    }
}
