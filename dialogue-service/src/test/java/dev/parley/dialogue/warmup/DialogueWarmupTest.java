package dev.parley.dialogue.warmup;

import dev.parley.contracts.events.CallEvent;
import dev.parley.dialogue.support.RecordingEventPublisher;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up answers real turns, publishes nothing, and holds readiness DOWN while it runs. Tests turn the start-up
 * warm-up off and start it on the running service: a second Quarkus start (a test profile) cannot load the tokenizer's
 * native library again in the same JVM.
 */
@QuarkusTest
@Tag("quarkus")
class DialogueWarmupTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;
    @Inject
    DialogueWarmup warmup;
    @Inject
    RecordingEventPublisher events;

    @Test
    void readinessIsDownWhileWarmingAndUpOnceDone() throws Exception {
        assertEquals(WarmupStatus.State.DISABLED, warmup.status().state(), "%test turns the start-up warm-up off");
        warmup.start();
        HttpResponse<String> warming = ready();
        assertEquals(503, warming.statusCode(), warming.body());
        assertTrue(warming.body().contains("warming"), warming.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        HttpResponse<String> ready = ready();
        while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ready = ready();
        }
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("dialogue-warmup"), ready.body());
        assertEquals(WarmupStatus.State.DONE, warmup.status().state(), warmup.status().detail());
        // The refused start reached the real gRPC service over the port.
        assertTrue(warmup.status().detail().contains("gRPC loopback: Converse answered INVALID_ARGUMENT"),
                warmup.status().detail());
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
        assertEquals("Converse answered INVALID_ARGUMENT", report.loopback());
        List<CallEvent> leaked = events.ofType(CallEvent.class).stream()
                .filter(e -> e.callId().startsWith("warmup-")).toList();
        assertEquals(List.of(), leaked, "a warm-up call publishes no event (no tool ran, no fallback)");
    }

    private HttpResponse<String> ready() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + base.getPort() + "/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
