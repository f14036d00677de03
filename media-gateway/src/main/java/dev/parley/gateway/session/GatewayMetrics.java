package dev.parley.gateway.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's Micrometer meters. */
@Singleton
public class GatewayMetrics {
    private final AtomicInteger activeCalls;
    private final Counter callsStarted;
    private final Counter bargeIns;
    private final Counter falseInterruptions;
    private final Counter malformedMessages;
    private final Counter refusedCalls;
    private final Timer voiceToVoice;
    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        activeCalls = registry.gauge("parley.gateway.calls.active", new AtomicInteger());
        callsStarted = registry.counter("parley.gateway.calls.started");
        bargeIns = registry.counter("parley.gateway.barge.ins");
        falseInterruptions = registry.counter("parley.gateway.false.interruptions");
        malformedMessages = registry.counter("parley.gateway.messages.malformed");
        refusedCalls = registry.counter("parley.gateway.calls.refused");
        voiceToVoice = Timer.builder("parley.gateway.voice.to.voice")
                .description("End of caller speech to first agent audio frame sent")
                .publishPercentiles(0.5, 0.95).register(registry);
    }

    void callStarted() {
        activeCalls.incrementAndGet();
        callsStarted.increment();
    }

    void callEnded() {
        activeCalls.decrementAndGet();
    }

    void bargeIn() {
        bargeIns.increment();
    }

    void falseInterruption() {
        falseInterruptions.increment();
    }

    void voiceToVoice(long millis) {
        voiceToVoice.record(Duration.ofMillis(millis));
    }

    /** A live-path stream's outage changed: {@code failed}, {@code recovered} or {@code lost}. */
    void outage(String stage, String outcome) {
        registry.counter("parley.gateway.backend.outages", "stage", stage, "outcome", outcome).increment();
    }

    /** The caller heard the held apology while a backend failed over. */
    void apology() {
        registry.counter("parley.gateway.apologies").increment();
    }

    public void malformedMessage() {
        malformedMessages.increment();
    }

    public void refusedCall() {
        refusedCalls.increment();
    }

    public double malformedMessages() {
        return malformedMessages.count();
    }
}
