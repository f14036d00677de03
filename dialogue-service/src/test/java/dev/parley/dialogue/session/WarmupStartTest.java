package dev.parley.dialogue.session;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.dialogue.v1.DialogueRequest;
import dev.parley.contracts.dialogue.v1.DialogueResponse;
import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.dialogue.analysis.PostCallAnalysis;
import dev.parley.dialogue.analysis.PostCallWebhook;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.Tenants;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.dialogue.tenant.TenantDirectory;
import dev.parley.dialogue.tracing.DialogueTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A gateway's warm-up call (CallStart.warmup): greeted by the tenant's real brain as any call is, so the gateway's
 * first real call runs warm code, but nobody called — it is not counted, and never analysed.
 */
class WarmupStartTest {
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final Tenant acme = Tenants.load("acme", events);
    private final TenantDirectory tenants = new TenantDirectory() {
        @Override
        public Optional<Tenant> find(String id) {
            return "acme".equals(id) ? Optional.of(acme) : Optional.empty();
        }

        @Override
        public Optional<String> failure(String id) {
            return Optional.empty();
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DialogueMetrics metrics = new DialogueMetrics(registry);
    private final PostCallAnalysis postCall = new PostCallAnalysis(events, new SimpleMeterRegistry(),
            Duration.ofSeconds(1), new PostCallWebhook.Retry(1, Duration.ofMillis(10), Duration.ofMillis(10),
            Duration.ofSeconds(1)), Clock.systemUTC());

    @Test
    void aWarmupCallIsGreetedButCountedAndAnalysedNowhere() throws Exception {
        String greeting = greetAndHangUp("warm-1", true);
        assertEquals("Hi, thanks for calling Acme. How can I help you today?", greeting);
        assertNull(registry.find("parley.dialogue.calls").counter(), "a warm-up call counted for acme");
        assertEquals(0, metrics.activeCalls());

        // A real call after it: counted and analysed. Analyses run one at a time in order, so once this call's is
        // published the warm-up's would have been too.
        greetAndHangUp("real-1", false);
        assertEquals(1.0, registry.get("parley.dialogue.calls").tag("tenant", "acme").counter().count());
        CallAnalyzed analyzed = awaitAnalysis();
        assertEquals("real-1", analyzed.callId());
        assertEquals(List.of("real-1"), events.ofType(CallAnalyzed.class).stream().map(CallAnalyzed::callId).toList());
    }

    /** Opens a stream, starts a call, waits for the greeting and ends the call from the gateway's side. */
    private String greetAndHangUp(String callId, boolean warmup) {
        AtomicReference<CallSession> session = new AtomicReference<>();
        AssertSubscriber<DialogueResponse> gateway = Multi.createFrom().<DialogueResponse>emitter(out ->
                        session.set(new CallSession(out, tenants, metrics, new DialogueTracing(OpenTelemetry.noop()),
                                postCall)))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        session.get().onRequest(DialogueRequest.newBuilder().setStart(CallStart.newBuilder().setTenantId("acme")
                .setCallId(callId).setWarmup(warmup)).build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gateway.getItems().stream().noneMatch(DialogueResponse::hasDone)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no greeting within 10 s: " + gateway.getItems());
            }
            Thread.onSpinWait();
        }
        session.get().onCallerDone();
        return CallSessionTest.text(gateway.getItems());
    }

    private CallAnalyzed awaitAnalysis() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.ofType(CallAnalyzed.class).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the real call was never analysed");
            }
            Thread.sleep(5);
        }
        return events.ofType(CallAnalyzed.class).get(0);
    }
}
