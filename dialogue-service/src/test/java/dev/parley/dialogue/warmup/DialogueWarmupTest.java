package dev.parley.dialogue.warmup;

import dev.parley.contracts.events.CallEvent;
import dev.parley.dialogue.support.RecordingEventPublisher;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up runs at start (the other tests turn it off), answers real turns, publishes nothing, then readiness is UP. */
@QuarkusTest
@Tag("quarkus")
@TestProfile(DialogueWarmupTest.Enabled.class)
class DialogueWarmupTest {
    public static final class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.warmup.enabled", "true");
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;
    @Inject
    DialogueWarmup warmup;
    @Inject
    RecordingEventPublisher events;

    @Test
    void readinessTurnsUpOnceTheWarmupIsDone() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        HttpResponse<String> ready = ready();
        while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
            assertTrue(ready.body().contains("warming"), ready.body());
            Thread.sleep(100);
            ready = ready();
        }
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("dialogue-warmup"), ready.body());
        assertEquals(WarmupStatus.State.DONE, warmup.status().state(), warmup.status().detail());
    }

    @Test
    void everyTenantsBrainAnswersAndNothingLeavesTheService() throws Exception {
        DialogueWarmup.Report report = warmup.run(Duration.ofSeconds(60));
        List<String> acme = report.said().get("acme");
        assertEquals("Hi, thanks for calling Acme. How can I help you today?", acme.get(0));
        assertTrue(acme.get(1).contains("Monday to Friday"), "knowledge answer: " + acme.get(1));
        assertTrue(acme.get(2).startsWith("Sorry, I didn't catch that"), "fallback: " + acme.get(2));
        List<String> brightsmile = report.said().get("brightsmile");
        assertTrue(brightsmile.get(0).contains("BrightSmile Dental"), brightsmile.get(0));
        assertTrue(brightsmile.get(1).contains("Monday to Thursday"), brightsmile.get(1));
        assertEquals("It's my pleasure! Is there anything else I can do for you?", brightsmile.get(3));
        assertEquals(6, report.calls(), "3 rounds for each of the 2 tenants");
        List<CallEvent> leaked = events.ofType(CallEvent.class).stream()
                .filter(e -> e.callId().startsWith("warmup-")).toList();
        assertEquals(List.of(), leaked, "a warm-up call publishes no event (no tool ran, no fallback)");
    }

    private HttpResponse<String> ready() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + "/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
