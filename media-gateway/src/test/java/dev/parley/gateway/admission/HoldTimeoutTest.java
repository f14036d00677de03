package dev.parley.gateway.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A call accepted at the webhook whose media stream never comes does not keep its line forever. */
@QuarkusTest
@TestProfile(HoldTimeoutTest.ShortHold.class)
class HoldTimeoutTest {
    public static class ShortHold implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.capacity.max-calls", "1", "parley.capacity.hold-timeout", "1s");
        }
    }

    @TestHTTPResource("/")
    URI base;
    @Inject
    CallAdmission admission;
    @Inject
    MeterRegistry registry;

    @Test
    void aHeldLineWhoseStreamNeverComesIsFreedForTheNextCaller() throws Exception {
        Calls calls = new Calls(base);
        String slot = Calls.slotOf(calls.webhook("CA1").extract().asString());
        assertNotNull(slot);
        assertEquals(1, admission.used());

        Calls.await("the hold expired", () -> admission.used() == 0);
        assertEquals(1.0, registry.get("parley.gateway.capacity.holds.expired").tag("transport", "twilio")
                .counter().count(), 0.0);
        String next = calls.webhook("CA2").body(containsString("<Connect>")).extract().asString();
        assertNotNull(Calls.slotOf(next));

        // The late stream of the first call no longer owns a slot: the second call's hold has the only line.
        CompletableFuture<String> closed = new CompletableFuture<>();
        calls.stream("CA1", slot, closed);
        String close = closed.get(10, TimeUnit.SECONDS);
        assertTrue(close.startsWith("1013"), close);
    }
}
