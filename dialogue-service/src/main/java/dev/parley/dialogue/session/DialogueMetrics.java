package dev.parley.dialogue.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Per-tenant counters and the brain's time to first text, exposed on /q/metrics. */
@ApplicationScoped
public class DialogueMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger activeCalls = new AtomicInteger();

    @Inject
    public DialogueMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("parley.dialogue.calls.active", activeCalls);
    }

    void callStarted(String tenant) {
        activeCalls.incrementAndGet();
        Counter.builder("parley.dialogue.calls").tag("tenant", tenant).register(registry).increment();
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
