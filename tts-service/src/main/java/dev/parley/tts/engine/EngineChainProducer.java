package dev.parley.tts.engine;

import dev.parley.tts.TtsConfig;
import dev.parley.tts.engine.festival.FestivalSynthesizer;
import dev.parley.tts.engine.flite.FliteSynthesizer;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds the engine chain from {@code parley.tts.engines} (warmed up by {@code warmup.WarmUp}). */
@Singleton
public class EngineChainProducer {
    static final Set<String> KNOWN = Set.of("festival", "flite");

    @Produces
    @Singleton
    public FallbackSynthesizer engines(TtsConfig config) {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : config.engines()) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown TTS engine '" + raw + "' in parley.tts.engines; known: "
                        + KNOWN);
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("TTS engine '" + name + "' listed twice in parley.tts.engines");
            }
        }
        List<SpeechSynthesizer> engines = new ArrayList<>();
        for (String name : names) {
            engines.add(create(name, config));
        }
        FallbackSynthesizer chain = new FallbackSynthesizer(engines);
        config.voice().ifPresent(v -> {
            if (!chain.voices().contains(v)) {
                chain.close();
                throw new IllegalArgumentException("parley.tts.voice '" + v + "' is not a voice of any engine; "
                        + "available: " + chain.voices());
            }
        });
        return chain;
    }

    private static SpeechSynthesizer create(String name, TtsConfig config) {
        if (name.equals("flite")) {
            return new FliteSynthesizer(config.flite().libraryDir().orElse(""), config.flite().voice());
        }
        TtsConfig.Festival f = config.festival();
        return new FestivalSynthesizer(f.command(), f.voice(), f.processes(), f.timeout());
    }

    void close(@Disposes FallbackSynthesizer chain) {
        chain.close();
    }
}
