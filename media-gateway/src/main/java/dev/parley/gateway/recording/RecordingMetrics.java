package dev.parley.gateway.recording;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Recording meters: what a slow or failing disk cost (never the call itself), and what retention removed. */
@Singleton
public class RecordingMetrics {
    private final MeterRegistry registry;
    private final Counter started;
    private final Counter droppedFrames;
    private final Counter writeFailures;
    private final Counter deleted;

    public RecordingMetrics(MeterRegistry registry) {
        this.registry = registry;
        started = registry.counter("parley.gateway.recordings.started");
        droppedFrames = Counter.builder("parley.gateway.recording.dropped.frames")
                .description("8 kHz stereo frames left silent because the recording writer fell behind")
                .register(registry);
        writeFailures = Counter.builder("parley.gateway.recording.write.failures")
                .description("recordings given up because the store failed to write them").register(registry);
        deleted = registry.counter("parley.gateway.recordings.deleted");
    }

    void started() {
        started.increment();
    }

    void dropped(long frames) {
        droppedFrames.increment(frames);
    }

    void writeFailed() {
        writeFailures.increment();
    }

    void deleted(int count) {
        deleted.increment(count);
    }

    /** A recorded tenant's call that was not recorded, by reason (no consent audio held yet, an unsafe id). */
    void skipped(String reason) {
        registry.counter("parley.gateway.recordings.skipped", "reason", reason).increment();
    }

    public double droppedFrames() {
        return droppedFrames.count();
    }

    public double writeFailures() {
        return writeFailures.count();
    }

    public double deletedCount() {
        return deleted.count();
    }
}
