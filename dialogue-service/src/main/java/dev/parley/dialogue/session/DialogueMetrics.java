package dev.parley.dialogue.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Per-tenant counters and the brain's time to first text, exposed on /q/metrics. */
@ApplicationScoped
public class DialogueMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger activeCalls = new AtomicInteger();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final Counter refusedStreams;

    /** Meters no registry exports: for a call nobody made (a warm-up). */
    public static DialogueMetrics unrecorded() {
        return new DialogueMetrics(new SimpleMeterRegistry());
    }

    @Inject
    public DialogueMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("parley.dialogue.calls.active", activeCalls);
        registry.gauge("parley.dialogue.streams.active", openStreams);
        refusedStreams = Counter.builder("parley.dialogue.streams.refused")
                .description("Streams refused with RESOURCE_EXHAUSTED: the service was at parley.capacity.max-streams")
                .register(registry);
    }

    /** The stream limit (parley.capacity.max-streams), as a gauge next to the open streams. */
    public void capacity(int maxStreams) {
        Gauge.builder("parley.dialogue.streams.capacity", () -> maxStreams).register(registry);
    }

    /** Takes a stream slot; false (and counted as refused) when {@code max} streams are already open. */
    public boolean tryOpenStream(int max) {
        while (true) {
            int now = openStreams.get();
            if (now >= max) {
                refusedStreams.increment();
                return false;
            }
            if (openStreams.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void streamClosed() {
        openStreams.decrementAndGet();
    }

    void callStarted(String tenant) {
        activeCalls.incrementAndGet();
        Counter.builder("parley.dialogue.calls").tag("tenant", tenant).register(registry).increment();
    }

    /**
     * A call that moved here from another instance (its stream there failed) and goes on from its state: active here
     * now, but not a new call ({@code parley_dialogue_calls_total} counts each call once, where it started).
     */
    void callResumed(String tenant) {
        activeCalls.incrementAndGet();
        Counter.builder("parley.dialogue.calls.resumed").tag("tenant", tenant)
                .description("Calls continued here from the state of a failed stream (CallStart.resume_state)")
                .register(registry).increment();
    }

    /** A resume state that could not be used (INVALID_ARGUMENT): that call could not go on here. */
    void resumeRefused(String tenant) {
        Counter.builder("parley.dialogue.calls.resume.refused").tag("tenant", tenant)
                .description("Streams refused because their resume_state did not parse or was another call's")
                .register(registry).increment();
    }

    void callEnded() {
        activeCalls.decrementAndGet();
    }

    void turnAnswered(String tenant, String brain) {
        Counter.builder("parley.dialogue.turns").tag("tenant", tenant).tag("brain", brain)
                .register(registry).increment();
    }

    void turnCancelled(String tenant) {
        Counter.builder("parley.dialogue.turns.cancelled").tag("tenant", tenant).register(registry).increment();
    }

    /** From the user turn's arrival to the first text delta sent back. */
    void firstText(String tenant, long nanos) {
        Timer.builder("parley.dialogue.first.text").tag("tenant", tenant).publishPercentiles(0.5, 0.95)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    public int activeCalls() {
        return activeCalls.get();
    }
}
