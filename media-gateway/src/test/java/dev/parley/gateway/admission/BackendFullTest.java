package dev.parley.gateway.admission;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A backend with no room for a new stream turns the call away as cleanly as a full gateway does. */
@QuarkusTest
@TestProfile(BackendFullTest.SttFull.class)
class BackendFullTest {
    public static class SttFull implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FullBackends.class, Map.of("stt", "full")));
        }
    }

    @TestHTTPResource("/")
    URI base;
    @Inject
    CallAdmission admission;
    @Inject
    AdmissionMetrics metrics;

    @Test
    void aRecognizerRefusalAtCallStartClosesTheStreamWith1013AndCountsIt() throws Exception {
        Calls calls = new Calls(base);
        String slot = Calls.slotOf(calls.webhook("CA1").extract().asString());
        CompletableFuture<String> closed = new CompletableFuture<>();
        calls.stream("CA1", slot, closed);
        assertEquals("1013 " + CallAdmission.BUSY, closed.get(10, TimeUnit.SECONDS));
        Calls.await("the refused call's slot is free", () -> admission.used() == 0);
        assertEquals(1.0, metrics.refusedCount("twilio", AdmissionMetrics.BACKEND_FULL), 0.0);
        assertEquals(0.0, metrics.refusedCount("twilio", AdmissionMetrics.FULL), 0.0);
    }
}
