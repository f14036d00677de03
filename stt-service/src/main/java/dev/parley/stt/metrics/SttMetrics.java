package dev.parley.stt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's meters. Real-time factor = engine time / audio time: per stream as a summary, and fleet-wide as
 * rate(parley_stt_engine_seconds_sum) / rate(parley_stt_audio_seconds_total) (wall) or
 * rate(parley_stt_engine_cpu_seconds_total) / rate(parley_stt_audio_seconds_total) (CPU).
 */
@Singleton
public class SttMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();
    private final Counter audioSeconds;
    private final Timer engineTime;
    private final Counter engineCpuSeconds;
    private final DistributionSummary streamRtf;
    private final Counter refusedStreams;

    SttMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("parley.stt.streams.active", active, AtomicInteger::get)
                .description("Recognition streams open now").register(registry);
        this.audioSeconds = Counter.builder("parley.stt.audio").baseUnit("seconds")
                .description("Audio fed to the engines").register(registry);
        this.engineTime = Timer.builder("parley.stt.engine")
                .description("Engine time spent on audio chunks and flushes").register(registry);
        this.engineCpuSeconds = Counter.builder("parley.stt.engine.cpu").baseUnit("seconds")
                .description("CPU time the engines used (the capacity cost; wall time grows on a busy host)")
                .register(registry);
        this.streamRtf = DistributionSummary.builder("parley.stt.rtf")
                .description("Real-time factor of each finished stream (engine time / audio time)")
                .publishPercentiles(0.5, 0.95).register(registry);
        this.refusedStreams = Counter.builder("parley.stt.streams.refused")
                .description("Streams refused with RESOURCE_EXHAUSTED: the service was at its stream limit")
                .register(registry);
    }

    /** The stream limit (parley.capacity.max-streams), as a gauge next to the active streams. */
    public void capacity(int maxStreams) {
        Gauge.builder("parley.stt.streams.capacity", () -> maxStreams).register(registry);
    }

    /** Reserves a stream slot; false (and counted as refused) when {@code max} streams are already open. */
    public boolean tryOpenStream(int max) {
        while (true) {
            int now = active.get();
            if (now >= max) {
                refusedStreams.increment();
                return false;
            }
            if (active.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void streamEnded(String outcome, long audioMs, long engineNanos) {
        active.decrementAndGet();
        registry.counter("parley.stt.streams", "outcome", outcome).increment();
        if (audioMs > 0) {
            streamRtf.record(engineNanos / 1e6 / audioMs);
        }
    }

    public int activeStreams() {
        return active.get();
    }

    public void audioProcessed(long samples, int sampleRate) {
        audioSeconds.increment((double) samples / sampleRate);
    }

    public void engineTime(long wallNanos, long cpuNanos) {
        engineTime.record(wallNanos, TimeUnit.NANOSECONDS);
        engineCpuSeconds.increment(cpuNanos / 1e9);
    }

    public void rejectedChunk(String reason) {
        registry.counter("parley.stt.requests.skipped", "reason", reason).increment();
    }
}
