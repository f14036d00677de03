package dev.parley.gateway.warmup;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.gateway.failover.HeldPrompts;
import dev.parley.gateway.outbound.RecordedEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Before it reports ready the gateway opens a Twilio stream to itself and greets one call nobody made through its real session code and its backends, so
 * its first real call runs warm. Nobody sees that call: the dialogue service is told it is a warm-up, the speech
 * services bill the gateway's own account, and the gateway publishes no event and counts no call.
 */
@QuarkusTest
@TestProfile(WarmupCallTest.Greeting.class)
class WarmupCallTest {
    public static final class Greeting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.warmup.enabled", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(GreetingBackends.class));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordedEvents.class);
        }
    }

    @Inject
    GatewayWarmup warmup;
    @Inject
    RecordedEvents events;
    @Inject
    MeterRegistry registry;

    @Test
    void aCallNobodyMadeIsGreetedBeforeReadinessAndReportsNothing() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (warmup.status().state() == WarmupStatus.State.WARMING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(WarmupStatus.State.DONE, warmup.status().state(), warmup.status().detail());
        assertTrue(warmup.status().detail().contains("warm-up call to acme greeted in"), warmup.status().detail());
        assertTrue(warmup.status().detail().contains("Twilio stream opened and closed"), warmup.status().detail());

        assertEquals(1, GreetingBackends.CALL_STARTS.size(), GreetingBackends.CALL_STARTS.toString());
        CallStart start = GreetingBackends.CALL_STARTS.get(0);
        assertEquals("acme", start.getTenantId(), "the tenant's real greeting is what gets warm");
        assertTrue(start.getWarmup(), "the dialogue service must know nobody called");
        // Its spans are made (warming the span code) but not sampled, so no backend exports a child of them either.
        assertTrue(start.getTrace().getTraceparent().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"),
                start.getTrace().getTraceparent());
        // Held prompts and the greeting: every synthesis and recognition is the gateway's own, none acme's.
        assertTrue(GreetingBackends.SYNTHESES.stream().anyMatch(c -> c.getCallId().equals(start.getCallId())),
                GreetingBackends.SYNTHESES.toString());
        assertTrue(GreetingBackends.SYNTHESES.stream().allMatch(c -> c.getTenantId().equals(HeldPrompts.ACCOUNT)),
                GreetingBackends.SYNTHESES.toString());
        assertEquals(List.of(HeldPrompts.ACCOUNT), GreetingBackends.RECOGNITIONS.stream()
                .map(c -> c.getTenantId()).distinct().toList());

        assertEquals(List.of(), events.all(), "a call nobody made is on no topic");
        assertEquals(0.0, registry.counter("parley.gateway.calls.started").count(), "nor in the call count");
    }
}
