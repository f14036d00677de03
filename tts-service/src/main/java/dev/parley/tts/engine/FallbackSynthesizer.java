package dev.parley.tts.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An ordered chain of engines: a phrase goes to the first available engine; if it fails or times out, to the next.
 * A requested voice moves the engines that have it to the front, so "cmu_us_slt_arctic_hts" is spoken by festival
 * while the others remain fallbacks speaking their default voices.
 */
public final class FallbackSynthesizer implements SpeechSynthesizer {

    /** Told about every hand-over, so the caller can publish it with its call context. */
    public interface FallbackListener {
        FallbackListener NONE = (failed, next, error) -> { };

        /** {@code next} is null when no engine is left. */
        void onFallback(String failedEngine, String nextEngine, String error);
    }

    private final List<SpeechSynthesizer> engines;

    public FallbackSynthesizer(List<SpeechSynthesizer> engines) {
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("a fallback chain needs at least one engine");
        }
        this.engines = List.copyOf(engines);
    }

    @Override
    public String name() {
        return "fallback";
    }

    public List<SpeechSynthesizer> engines() {
        return engines;
    }

    @Override
    public Set<String> voices() {
        Set<String> all = new LinkedHashSet<>();
        engines.forEach(e -> all.addAll(e.voices()));
        return all;
    }

    @Override
    public boolean isAvailable() {
        return engines.stream().anyMatch(SpeechSynthesizer::isAvailable);
    }

    @Override
    public SynthesizedAudio synthesize(String text, String voice) throws SynthesisException {
        return synthesize(text, voice, FallbackListener.NONE);
    }

    public SynthesizedAudio synthesize(String text, String voice, FallbackListener listener)
            throws SynthesisException {
        List<SpeechSynthesizer> chain = chainFor(voice);
        SynthesisException last = null;
        for (int i = 0; i < chain.size(); i++) {
            SpeechSynthesizer engine = chain.get(i);
            try {
                return engine.synthesize(text, voice != null && engine.voices().contains(voice) ? voice : null);
            } catch (SynthesisException | RuntimeException e) {
                last = e instanceof SynthesisException ? (SynthesisException) e
                        : new SynthesisException(engine.name() + " failed: " + e, e);
                String next = i + 1 < chain.size() ? chain.get(i + 1).name() : null;
                listener.onFallback(engine.name(), next, String.valueOf(e.getMessage()));
            }
        }
        if (last == null) {
            throw new SynthesisException("no speech engine is available (chain: " + names(engines) + ")");
        }
        throw new SynthesisException("all speech engines failed; last: " + last.getMessage(), last);
    }

    /** Available engines, those with the voice first, each group in configured order. */
    List<SpeechSynthesizer> chainFor(String voice) {
        List<SpeechSynthesizer> withVoice = new ArrayList<>();
        List<SpeechSynthesizer> others = new ArrayList<>();
        for (SpeechSynthesizer e : engines) {
            if (e.isAvailable()) {
                (voice != null && e.voices().contains(voice) ? withVoice : others).add(e);
            }
        }
        withVoice.addAll(others);
        return withVoice;
    }

    private static String names(List<SpeechSynthesizer> list) {
        List<String> n = new ArrayList<>();
        list.forEach(e -> n.add(e.name()));
        return String.join(",", n);
    }

    @Override
    public void close() {
        for (SpeechSynthesizer e : engines) {
            e.close();
        }
    }
}
