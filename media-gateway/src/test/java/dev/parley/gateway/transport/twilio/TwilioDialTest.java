package dev.parley.gateway.transport.twilio;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.MovableClock;
import dev.parley.gateway.outbound.OutboundLimits;
import dev.parley.gateway.outbound.RecordedEvents;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.tenant.TenantFiles;
import dev.parley.gateway.transport.sip.ScriptedBackends;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outbound calls through Twilio against {@link FakeTwilio}: the call is created with the REST API, Twilio's status
 * callbacks and media stream come back signed with the tenant's account token, and the answered call runs as a
 * Twilio call whose brain gets the request's parameters. Refusals by Twilio, busy and no-answer free the line; the
 * tenant's limits apply as on the SIP route. The clock is the test's: 15:00 UTC is 10:00 in New York.
 */
@QuarkusTest
@TestProfile(TwilioDialTest.Dialer.class)
class TwilioDialTest {
    private static final String OPENING = "Hi, this is Acme calling about your order 1234.";

    public static class Dialer implements QuarkusTestProfile {
        static final int PORT = freePort();
        static final Path TENANTS = tenants();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(Map.entry("quarkus.http.test-port", Integer.toString(PORT)),
                    Map.entry("parley.twilio.public-url", "http://127.0.0.1:" + PORT),
                    Map.entry("parley.twilio.ring-timeout", "10s"),
                    Map.entry("PARLEY_TEST_TWILIO_TOKEN_CALLER", FakeTwilio.TOKEN),
                    Map.entry("parley.capacity.max-calls", "3"),
                    Map.entry("parley.tenants.dir", TENANTS.toString()),
                    Map.entry("parley.gateway.api-keys.caller", "caller-key"),
                    Map.entry("parley.gateway.api-keys.both", "both-key"));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(MovableClock.class, RecordedEvents.class);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScriptedBackends.class), new TestResourceEntry(FakeTwilio.class));
        }

        static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** "caller" dials through Twilio, one call at a time; "both" has a SIP trunk (off here) and a Twilio account. */
        private static Path tenants() {
            String twilio = "twilio:\n  outbound:\n    accountSid: \"" + FakeTwilio.ACCOUNT + "\"\n"
                    + "    authTokenEnv: PARLEY_TEST_TWILIO_TOKEN_CALLER\n    callerId: \"+15550100400\"\n"
                    + "    maxConcurrent: 1\n    callsPerMinute: 10\n"
                    + "    callingHours: {zone: \"America/New_York\", from: \"09:00\", to: \"20:00\"}\n";
            try {
                Path dir = Files.createTempDirectory("twilio-dial-tenants");
                TenantFiles.write(dir, "caller", "+15550100400", twilio);
                TenantFiles.write(dir, "both", "+15550100500", twilio
                        + "sip:\n  outbound:\n    trunk: \"sip:127.0.0.1:9\"\n    callerId: \"+15550100500\"\n");
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

    }

    @Inject
    CallSessions sessions;
    @Inject
    CallAdmission admission;
    @Inject
    MovableClock clock;
    @Inject
    RecordedEvents events;
    @Inject
    OutboundLimits limits;
    @Inject
    MeterRegistry registry;

    @BeforeEach
    void aNewMinute() {
        clock.advance(Duration.ofMinutes(2));
    }

    private static ValidatableResponse dial(String tenant, String key, String body) {
        return given().contentType(ContentType.JSON).header("X-Api-Key", key).body(body)
                .post("/tenants/" + tenant + "/calls").then();
    }

    private static ValidatableResponse dial(String to) {
        return dial("caller", "caller-key", "{\"to\":\"" + to + "\",\"parameters\":{\"customer\":\"42\"},"
                + "\"openingLine\":\"" + OPENING + "\"}");
    }

    private List<String> statuses(String callId) {
        return events.of(callId).stream().filter(e -> e instanceof OutboundCall).map(e -> ((OutboundCall) e).status())
                .toList();
    }

    /** parley_outbound_calls_total{outcome,via="twilio"}: the transport-neutral name, told apart by via. */
    private double outcomes(String outcome) {
        var counter = registry.find("parley.outbound.calls").tag("outcome", outcome).tag("via", "twilio").counter();
        return counter == null ? 0 : counter.count();
    }

    private OutboundCall last(String callId) {
        List<OutboundCall> all = events.of(callId).stream().filter(e -> e instanceof OutboundCall)
                .map(e -> (OutboundCall) e).toList();
        return all.get(all.size() - 1);
    }

    private void lineIsFree() throws InterruptedException {
        awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0 && limits.live("caller", "twilio") == 0,
                "no session, no slot, no outbound call of the tenant");
    }

    @Test
    void anAnsweredCallRunsAsATwilioCallWithTheRequestsParameters() throws Exception {
        String callId = dial(FakeTwilio.ANSWERS).statusCode(202).extract().path("callId");
        assertTrue(callId.matches("TW[0-9a-f]{32}"), callId);
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallEnded), "the call ended: "
                + events.of(callId));
        lineIsFree();
        assertEquals(List.of("dialing", "ringing", "answered"), statuses(callId));
        OutboundCall dialing = (OutboundCall) events.of(callId).get(0);
        assertEquals(201, dialing.sipStatus(), "Twilio's answer to the call creation");
        assertEquals("+15550100400", dialing.from());
        assertEquals(Map.of("customer", "42"), dialing.parameters());
        assertTrue(events.of(callId).stream().anyMatch(e -> e instanceof CallStarted s
                && s.transport().equals("twilio")), "call.started for billing: " + events.of(callId));
        CallStart start = ScriptedBackends.STARTS.stream().filter(s -> s.getCallId().equals(callId)).findFirst()
                .orElseThrow();
        assertEquals(Map.of("customer", "42", "parley.opening_line", OPENING), start.getParametersMap());
        assertEquals("+15551110001", start.getTo());

        Map<String, List<String>> form = FakeTwilio.REQUESTS.stream()
                .filter(f -> FakeTwilio.first(f, "To").equals(FakeTwilio.ANSWERS)).findFirst().orElseThrow();
        assertEquals("+15550100400", FakeTwilio.first(form, "From"));
        assertEquals("10", FakeTwilio.first(form, "Timeout"));
        String twiml = FakeTwilio.first(form, "Twiml");
        assertTrue(twiml.contains("<Connect><Stream url=\"ws://127.0.0.1:" + Dialer.PORT + "/twilio/media\">"), twiml);
        assertTrue(twiml.contains("<Parameter name=\"customer\" value=\"42\"/>"), twiml);
        assertTrue(twiml.contains("<Parameter name=\"parley.call\" value=\"" + callId + "\"/>"), twiml);
        assertEquals("http://127.0.0.1:" + Dialer.PORT + "/twilio/status?tenant=caller&call=" + callId,
                FakeTwilio.first(form, "StatusCallback"));
        awaitTrue(() -> FakeTwilio.CALLBACKS.contains(FakeTwilio.ANSWERS + " completed=204"), "the completed after the hang-up is taken");
    }

    @Test
    void aRefusalByTwilioIsFailedAndFreesTheLine() throws Exception {
        String callId = dial(FakeTwilio.INVALID).statusCode(202).extract().path("callId");
        awaitTrue(() -> statuses(callId).contains("failed"), "failed");
        assertEquals(List.of("failed"), statuses(callId), "no dialing: Twilio never created the call");
        assertEquals(400, last(callId).sipStatus());
        assertTrue(last(callId).reason().contains("21211"), last(callId).reason());
        lineIsFree();
    }

    @Test
    void busyAndNoAnswerCallbacksAreTheOutcomesAndTheTenantsLimitsHoldWhileItRings() throws Exception {
        double busyOutcomes = outcomes("busy");
        String busy = dial(FakeTwilio.BUSY).statusCode(202).extract().path("callId");
        awaitTrue(() -> statuses(busy).contains("busy"), "busy");
        assertEquals(List.of("dialing", "ringing", "busy"), statuses(busy));
        assertEquals(busyOutcomes + 1, outcomes("busy"), "counted as an outbound call through Twilio");
        lineIsFree();

        FakeTwilio.RING = new CountDownLatch(1);
        String ringing = dial(FakeTwilio.RINGS_OUT).statusCode(202).extract().path("callId");
        awaitTrue(() -> statuses(ringing).contains("ringing"), "ringing");
        dial(FakeTwilio.BUSY).statusCode(409).body("error", containsString("twilio.outbound.maxConcurrent"));
        FakeTwilio.RING.countDown();
        awaitTrue(() -> statuses(ringing).contains("no-answer"), "no answer");
        assertEquals(List.of("dialing", "ringing", "no-answer"), statuses(ringing));
        lineIsFree();

        Instant before = clock.instant();
        clock.set(Instant.parse("2026-12-08T02:30:00Z")); // 21:30 in New York
        try {
            dial(FakeTwilio.BUSY).statusCode(422);
        } finally {
            clock.set(before);
        }
        assertEquals(0, admission.used());
    }

    @Test
    void aStatusCallbackNotSignedWithTheTenantsAccountTokenIsRefused() {
        Map<String, String> status = Map.of("CallSid", "CA1", "CallStatus", "busy");
        String url = "http://127.0.0.1:" + Dialer.PORT + "/twilio/status?tenant=caller&call=TW1";
        given().formParams(status).post(url).then().statusCode(403);
        given().header(TwilioSignature.HEADER, TwilioSignature.sign("test-token", url, status)).formParams(status)
                .post(url).then().statusCode(403);
        given().header(TwilioSignature.HEADER, TwilioSignature.sign(FakeTwilio.TOKEN, url, status))
                .formParams(status).post(url).then().statusCode(204);
    }

    @Test
    void viaPicksTheRouteAndTheTrunkStaysTheDefault() throws Exception {
        dial("both", "both-key", "{\"to\":\"+15551110002\"}").statusCode(503)
                .body("error", containsString("SIP trunk is not running"));
        dial("both", "both-key", "{\"to\":\"+15551110002\",\"via\":\"carrier-pigeon\"}").statusCode(400);
        dial("caller", "caller-key", "{\"to\":\"+15551110002\",\"via\":\"sip\"}").statusCode(404);
        String callId = dial("both", "both-key", "{\"to\":\"" + FakeTwilio.BUSY + "\",\"via\":\"twilio\"}")
                .statusCode(202).extract().path("callId");
        awaitTrue(() -> statuses(callId).contains("busy"), "busy through Twilio");
        assertEquals("+15550100400", last(callId).from(), "the Twilio account's caller id");
        awaitTrue(() -> admission.used() == 0, "the line is free");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
