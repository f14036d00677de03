package dev.parley.gateway.admission;

import dev.parley.gateway.transport.StreamTokens;
import dev.parley.gateway.transport.telnyx.TelnyxWebhooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One line (max-calls=1), held for as long as a test needs it: who gets it, who is refused and how. */
@QuarkusTest
@TestProfile(CallAdmissionTest.OneLine.class)
class CallAdmissionTest {
    public static class OneLine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.capacity.max-calls", "1", "parley.capacity.hold-timeout", "10m");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FullBackends.class));
        }
    }

    @TestHTTPResource("/")
    URI base;
    @Inject
    CallAdmission admission;
    @Inject
    AdmissionMetrics metrics;
    @Inject
    MeterRegistry registry;
    @Inject
    StreamTokens tokens;

    private WebSocket live;

    @AfterEach
    void hangUp() throws InterruptedException {
        if (live != null) {
            live.sendClose(WebSocket.NORMAL_CLOSURE, "caller hung up").join();
        }
        Calls.await("every slot free again", () -> admission.used() == 0);
    }

    @Test
    void theWebhookHoldsTheLineForItsStreamAndTurnsTheNextCallerAwayAsBusy() throws Exception {
        Calls calls = new Calls(base);
        String twiml = calls.webhook("CA1").extract().asString();
        String slot = Calls.slotOf(twiml);
        assertNotNull(slot, twiml);
        assertEquals(1, admission.held());

        double refusedBefore = metrics.refusedCount("twilio", AdmissionMetrics.FULL);
        calls.webhook("CA2").body(containsString("<Reject reason=\"busy\"/>")).body(not(containsString("<Stream")));
        assertEquals(refusedBefore + 1, metrics.refusedCount("twilio", AdmissionMetrics.FULL), 0.0);

        // A stream that brings no slot (its webhook was elsewhere, or never) finds the line taken by the held call.
        CompletableFuture<String> strangerClosed = new CompletableFuture<>();
        calls.stream("CA3", null, strangerClosed);
        assertEquals("1013 " + CallAdmission.BUSY, strangerClosed.get(10, TimeUnit.SECONDS));
        assertEquals(refusedBefore + 2, metrics.refusedCount("twilio", AdmissionMetrics.FULL), 0.0);

        double started = registry.get("parley.gateway.calls.started").counter().count();
        CompletableFuture<String> closed = new CompletableFuture<>();
        live = calls.stream("CA1", slot, closed);
        Calls.await("the held call started", () -> registry.get("parley.gateway.calls.started").counter().count()
                == started + 1);
        assertEquals(0, admission.held());
        assertEquals(1, admission.used());
        assertFalse(closed.isDone(), () -> "the held call's stream was closed: " + closed.getNow(""));
    }

    @Test
    void aFullGatewayRejectsATelnyxCallAsBusy() throws Exception {
        Calls calls = new Calls(base);
        String slot = Calls.slotOf(calls.webhook("CA1").extract().asString());
        assertNotNull(slot, "the Twilio call holds the line");

        double refusedBefore = metrics.refusedCount("telnyx", AdmissionMetrics.FULL);
        String texml = TelnyxWebhooks.signed(TelnyxWebhooks.form("+15550100100")).post(base.resolve("/telnyx/voice"))
                .then().statusCode(200).extract().asString();
        assertTrue(texml.contains("<Reject reason=\"busy\"/>") && !texml.contains("<Stream"), texml);
        assertEquals(refusedBefore + 1, metrics.refusedCount("telnyx", AdmissionMetrics.FULL), 0.0);
        // The held call's stream takes its line, and frees it when the test hangs up.
        live = calls.stream("CA1", slot, new CompletableFuture<>());
        Calls.await("the held call is live", () -> admission.held() == 0 && admission.used() == 1);
    }

    @Test
    void aFullGatewayRefusesBrowserTokensAndClosesABrowserSocketWith1013() throws Exception {
        given().header("X-Api-Key", "test-acme-key").post(base.resolve("/browser/token")).then().statusCode(200);
        Calls calls = new Calls(base);
        String slot = Calls.slotOf(calls.webhook("CA4").extract().asString());
        assertNotNull(slot);

        given().header("X-Api-Key", "test-acme-key").post(base.resolve("/browser/token"))
                .then().statusCode(503).header("Retry-After", "30")
                .body("error", equalTo("all lines are busy, try again later"));

        double refusedBefore = metrics.refusedCount("browser", AdmissionMetrics.FULL);
        CompletableFuture<String> closed = new CompletableFuture<>();
        URI ws = URI.create(base.resolve("/browser/media?token=" + URLEncoder.encode(
                tokens.issue("acme", Duration.ofMinutes(1)), StandardCharsets.UTF_8)).toString()
                .replaceFirst("^http", "ws"));
        WebSocket browser = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                closed.complete(code + " " + reason);
                return null;
            }
        }).join();
        browser.sendText("{\"type\":\"start\"}", true).join();
        assertEquals("1013 " + CallAdmission.BUSY, closed.get(10, TimeUnit.SECONDS));
        assertEquals(refusedBefore + 1, metrics.refusedCount("browser", AdmissionMetrics.FULL), 0.0);

        // The held call takes its line after all, and hangs up: the line is free for the next caller.
        live = calls.stream("CA4", slot, new CompletableFuture<>());
    }

    @Test
    void readinessStaysUpWhenFullAndShowsNoHeadroom() throws Exception {
        // Only this check is asserted: others (gRPC backends, events) have nothing to talk to in this test.
        String capacity = "checks.find { it.name == 'call-capacity' }";
        Calls calls = new Calls(base);
        given().get(base.resolve("/q/health/ready")).then()
                .body(capacity + ".status", equalTo("UP")).body(capacity + ".data.headroom", equalTo(1));
        String slot = Calls.slotOf(calls.webhook("CA5").extract().asString());
        given().get(base.resolve("/q/health/ready")).then()
                .body(capacity + ".status", equalTo("UP"))
                .body(capacity + ".data.headroom", equalTo(0))
                .body(capacity + ".data.held", equalTo(1));
        given().get(base.resolve("/q/metrics")).then().statusCode(200)
                .body(containsString("parley_gateway_capacity_limit 1.0"))
                .body(containsString("parley_gateway_capacity_used 1.0"));
        live = calls.stream("CA5", slot, new CompletableFuture<>());
    }
}
