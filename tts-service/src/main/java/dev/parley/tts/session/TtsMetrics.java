package dev.parley.tts.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** tts-service meters: time to first audio, per-phrase synthesis time, phrases, fallbacks, utterance outcomes. */
@Singleton
public class TtsMetrics {
    private final MeterRegistry registry;
    private final Timer firstAudio;
    private final AtomicInteger activeStreams = new AtomicInteger();
    private final Counter refusedStreams;

    public TtsMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.firstAudio = Timer.builder("parley.tts.first.audio")
                .description("From the first text of an utterance to its first audio chunk")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        registry.gauge("parley.tts.streams.active", activeStreams);
        this.refusedStreams = Counter.builder("parley.tts.streams.refused")
                .description("Streams refused with RESOURCE_EXHAUSTED: the service was at parley.capacity.max-streams")
                .register(registry);
    }

    /** Streams served at full quality at once (parley.capacity.max-streams), as a gauge next to the active ones. */
    void capacity(int maxStreams) {
        Gauge.builder("parley.tts.streams.capacity", () -> maxStreams).register(registry);
    }

    void firstAudio(long nanos) {
        firstAudio.record(Duration.ofNanos(nanos));
    }

    void phrase(String engine, long nanos) {
        Timer.builder("parley.tts.phrase.synthesis").description("Synthesis time of one phrase")
                .tag("engine", engine).register(registry).record(Duration.ofNanos(nanos));
        Counter.builder("parley.tts.phrases").description("Phrases synthesized").tag("engine", engine)
                .register(registry).increment();
    }

    void fallback(String failed, String next) {
        Counter.builder("parley.tts.fallbacks").description("A phrase handed to the next engine")
                .tag("failed", failed).tag("next", next).register(registry).increment();
    }

    /** outcome: completed, cancelled or failed. */
    void utterance(String outcome) {
        Counter.builder("parley.tts.utterances").tag("outcome", outcome).register(registry).increment();
    }

    /** Takes a stream slot; false (and counted as refused) when {@code max} streams are already open. */
    boolean tryOpenStream(int max) {
        while (true) {
            int now = activeStreams.get();
            if (now >= max) {
                refusedStreams.increment();
                return false;
            }
            if (activeStreams.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void streamClosed() {
        activeStreams.decrementAndGet();
    }
}
