package dev.parley.gateway.transport.sip;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.outbound.MovableClock;
import dev.parley.gateway.outbound.OutboundLimits;
import dev.parley.gateway.outbound.RecordedEvents;
import dev.parley.gateway.session.CallSessions;
import dev.parley.gateway.tenant.TenantFiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outbound calls against sipp as the callee: an answered call runs a session until the callee's BYE, its brain
 * given the request's parameters and opening line; busy and an unanswered ring (our CANCEL) free the line; the
 * tenant's limits, calling hours, API key and reserved parameter keys are enforced before anything is dialled. The
 * clock is the test's: 15:00 UTC is 10:00 in New York, inside "dialer"'s calling hours.
 */
@QuarkusTest
@TestProfile(OutboundCallTest.Dialer.class)
class OutboundCallTest {
    private static final String OPENING = "Hi, this is Acme calling about your order 1234.";
    private static final String ANSWER_SDP = "v=0\no=callee 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
            + "m=audio 40002 RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\na=rtpmap:101 telephone-event/8000\n";

    public static class Dialer implements QuarkusTestProfile {
        static final String CALLEE_PORT = Sipp.freeUdpPortNow();
        static final Path TENANTS = tenants();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(Map.entry("parley.sip.enabled", "true"), Map.entry("parley.sip.port", "0"),
                    Map.entry("parley.sip.bind-address", "127.0.0.1"), Map.entry("parley.capacity.max-calls", "2"),
                    Map.entry("parley.tenants.dir", TENANTS.toString()),
                    Map.entry("parley.sip.rtp-port-min", "43000"), Map.entry("parley.sip.rtp-port-max", "43998"),
                    Map.entry("parley.sip.ring-timeout", "6s"),
                    Map.entry("parley.gateway.api-keys.dialer", "dialer-key"),
                    Map.entry("parley.gateway.api-keys.rival", "rival-key"),
                    Map.entry("parley.gateway.api-keys.quiet", "quiet-key"));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(MovableClock.class, RecordedEvents.class);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScriptedBackends.class));
        }


        /** "dialer" dials through sipp on CALLEE_PORT, one call at a time, one a minute; "quiet" cannot dial out. */
        private static Path tenants() {
            try {
                Path dir = Files.createTempDirectory("outbound-tenants");
                TenantFiles.write(dir, "dialer", "+15550100100", "sip:\n  outbound:\n    trunk: \"sip:127.0.0.1:" + CALLEE_PORT
                        + "\"\n    callerId: \"+15550100100\"\n    maxConcurrent: 1\n    callsPerMinute: 1\n"
                        + "    callingHours: {zone: \"America/New_York\", from: \"09:00\", to: \"20:00\"}\n");
                TenantFiles.write(dir, "rival", "+15550100200", "sip:\n  outbound:\n    trunk: \"sip:127.0.0.1:9\"\n"
                        + "    callerId: \"+15550100200\"\n");
                TenantFiles.write(dir, "quiet", "+15550100300", "");
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
    MeterRegistry registry;
    @Inject
    MovableClock clock;
    @Inject
    RecordedEvents events;
    @Inject
    OutboundLimits limits;

    @BeforeEach
    void aNewMinute() {
        // Each test starts with the per-minute window empty, inside calling hours.
        clock.advance(Duration.ofMinutes(2));
    }

    private Sipp.Callee callee(String... parts) throws IOException {
        return Sipp.answer(Integer.parseInt(Dialer.CALLEE_PORT), Sipp.scenario(parts), Path.of("target", "sipp"));
    }

    private static ValidatableResponse dial(String tenant, String key, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            request = request.header("X-Api-Key", key);
        }
        return request.post("/tenants/" + tenant + "/calls").then();
    }

    private static ValidatableResponse dial(String to) {
        return dial("dialer", "dialer-key", "{\"to\":\"" + to + "\",\"parameters\":{\"customer\":\"42\"},"
                + "\"openingLine\":\"" + OPENING + "\"}");
    }

    private List<String> statuses(String callId) {
        return events.of(callId).stream().filter(e -> e instanceof OutboundCall).map(e -> ((OutboundCall) e).status())
                .toList();
    }

    private double outcomes(String outcome) {
        var counter = registry.find("parley.outbound.calls").tag("outcome", outcome).tag("via", "sip").counter();
        return counter == null ? 0 : counter.count();
    }

    private void lineIsFree() throws InterruptedException {
        awaitTrue(() -> sessions.live().isEmpty() && admission.used() == 0 && limits.live("dialer", "sip") == 0,
                "no session, no slot, no outbound call of the tenant");
    }

    @Test
    void anAnsweredCallRunsTheAgentUntilTheCalleesBye() throws Exception {
        double answered = outcomes("answered");
        Sipp.Callee callee = callee("  <recv request=\"INVITE\">\n    <action>\n"
                        + "      <ereg regexp=\"sip:[^>;]*\" search_in=\"hdr\" header=\"Contact:\" assign_to=\"us\"/>\n"
                        + "      <ereg regexp=\".*\" search_in=\"hdr\" header=\"From:\" assign_to=\"caller\"/>\n"
                        + "    </action>\n  </recv>\n",
                Sipp.respond("180 Ringing", null), "  <pause milliseconds=\"500\"/>\n",
                Sipp.respond("200 OK", ANSWER_SDP),
                "  <recv request=\"ACK\"/>\n  <pause milliseconds=\"3000\"/>\n",
                "  <send retrans=\"500\">\n    <![CDATA[\n      BYE [$us] SIP/2.0\n"
                        + "      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
                        + "      From: <sip:+15551230000@[local_ip]:[local_port]>;tag=[pid]callee\n"
                        + "      To:[$caller]\n      Call-ID: [call_id]\n      CSeq: 2 BYE\n      Max-Forwards: 70\n"
                        + "      Content-Length: 0\n    ]]>\n  </send>\n",
                "  <recv response=\"200\"/>\n");
        long asked = System.nanoTime();
        String callId = dial("+15551230000").statusCode(202).extract().path("callId");
        long answeredInMs = (System.nanoTime() - asked) / 1_000_000;
        assertTrue(callId.matches("SIP[0-9a-f]{32}"), callId);
        awaitTrue(() -> sessions.live().stream().anyMatch(s -> s.info().callId().equals(callId)),
                "the answered call's session is live (POST took " + answeredInMs + " ms; events " + events.of(callId)
                        + ")");
        assertEquals("+15551230000", sessions.live().iterator().next().info().to());
        Sipp.Run run = callee.await();
        assertEquals(0, run.exitCode(), run.output());
        lineIsFree();
        assertEquals(List.of("dialing", "ringing", "answered"), statuses(callId));
        OutboundCall dialing = (OutboundCall) events.of(callId).get(0);
        assertEquals(Map.of("customer", "42"), dialing.parameters(), "the opening line is no event parameter");
        CallStart start = ScriptedBackends.STARTS.stream().filter(s -> s.getCallId().equals(callId)).findFirst()
                .orElseThrow();
        assertEquals(Map.of("customer", "42", "parley.opening_line", OPENING), start.getParametersMap(),
                "the brain gets the parameters, and the opening line to say first");
        assertEquals("+15550100100", dialing.from());
        List<CallEvent> all = events.of(callId);
        assertTrue(all.stream().anyMatch(e -> e instanceof CallStarted s && s.transport().equals("sip")), "" + all);
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallEnded), "call.ended for billing");
        assertEquals(answered + 1, outcomes("answered"));
    }

    @Test
    void aBusyCalleeIsBusyAndFreesTheLine() throws Exception {
        double busy = outcomes("busy");
        Sipp.Callee callee = callee("  <recv request=\"INVITE\"/>\n", Sipp.respond("486 Busy Here", null),
                "  <recv request=\"ACK\"/>\n");
        String callId = dial("+15551230001").statusCode(202).extract().path("callId");
        Sipp.Run run = callee.await();
        assertEquals(0, run.exitCode(), run.output());
        awaitTrue(() -> statuses(callId).contains("busy"), "a busy outcome");
        assertEquals(List.of("dialing", "busy"), statuses(callId));
        assertEquals(486, ((OutboundCall) events.of(callId).get(1)).sipStatus());
        lineIsFree();
        assertEquals(busy + 1, outcomes("busy"));
    }

    @Test
    void aCallThatRingsOutIsCancelledAndTheTenantsLimitsHoldWhileItRings() throws Exception {
        Sipp.Callee callee = callee("  <recv request=\"INVITE\"/>\n", Sipp.respond("180 Ringing", null),
                "  <recv request=\"CANCEL\"/>\n", Sipp.respond("200 OK", null),
                Sipp.respond("487 Request Terminated", null).replace("[last_CSeq:]", "CSeq: 1 INVITE"),
                "  <recv request=\"ACK\"/>\n");
        String callId = dial("+15551230002").statusCode(202).extract().path("callId");
        awaitTrue(() -> statuses(callId).contains("ringing"), "ringing");
        dial("+15551230003").statusCode(409);
        Sipp.Run run = callee.await();
        assertEquals(0, run.exitCode(), "the ring timeout sent a CANCEL\n" + run.output());
        awaitTrue(() -> statuses(callId).contains("no-answer"), "no answer");
        assertEquals(List.of("dialing", "ringing", "no-answer"), statuses(callId));
        lineIsFree();
        String retryAfter = dial("+15551230003").statusCode(429).extract().header("Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 60, retryAfter);
        clock.advance(Duration.ofSeconds(61));
        assertEquals(0, admission.used(), "refusals hold no slot");
    }

    @Test
    void outsideCallingHoursNothingIsDialled() throws Exception {
        Instant before = clock.instant();
        clock.set(Instant.parse("2026-12-08T02:30:00Z")); // 21:30 in New York
        try {
            dial("+15551230004").statusCode(422);
        } finally {
            clock.set(before);
        }
        assertEquals(0, admission.used());
    }

    @Test
    void onlyTheTenantsOwnKeyDialsWithItsTrunkOnlyE164NumbersAndOnlyItsOwnParameters() {
        String body = "{\"to\":\"+15551230005\"}";
        dial("dialer", null, body).statusCode(401);
        dial("dialer", "wrong", body).statusCode(401);
        dial("dialer", "rival-key", body).statusCode(403);
        dial("quiet", "quiet-key", body).statusCode(404);
        dial("dialer", "dialer-key", "{\"to\":\"5551230005\"}").statusCode(400);
        dial("dialer", "dialer-key", "{\"to\":\"+1555;user=phone\"}").statusCode(400);
        dial("dialer", "dialer-key", "{}").statusCode(400);
        dial("dialer", "dialer-key", "{\"to\":\"+15551230005\",\"parameters\":{\"parley.opening_line\":\"Hi\"}}")
                .statusCode(400).body("error", containsString("reserved"));
        dial("dialer", "dialer-key", "{\"to\":\"+15551230005\",\"openingLine\":\" \"}").statusCode(400);
        dial("dialer", "dialer-key", "{\"to\":\"+15551230005\",\"openingLine\":\"" + "a".repeat(501) + "\"}")
                .statusCode(400);
        dial("dialer", "dialer-key", "{\"to\":\"+15551230005\",\"openingLine\":\"Hi\\nthere\"}").statusCode(400);
        assertEquals(0, admission.used());
        assertEquals(0, limits.live("dialer", "sip"));
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
