package dev.parley.gateway.transport.twilio;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.contracts.dialogue.v1.CallStart;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.OutboundCall;
import dev.parley.gateway.amd.GreetingAudio;
import dev.parley.gateway.outbound.AmdScreen;
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
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Answering-machine detection on calls dialled through Twilio ({@code twilio.outbound.amd}), against
 * {@link FakeTwilio} streaming synthesized audio as the callee: a voicemail greeting with a beep gets the message only
 * after the beep, a short "hello?" gets the agent once it is said, and a machine of a tenant without a message is
 * hung up on (the stream closed) and billed all the same.
 */
@QuarkusTest
@TestProfile(TwilioScreenedDialTest.Screening.class)
class TwilioScreenedDialTest {
    private static final String VOICEMAIL = "Hi, this is Acme calling about your order. Please call us back.";
    private static final String GREETING = "MACHINE | espeak:en-us | 300 | 1000/500/500 | Hello, you have reached Dana "
            + "Lee. I am sorry I cannot take your call right now. Please leave your name and number after the tone.";
    private static final String HELLO = "HUMAN | flite:kal16 | 400 | - | Hello, hello?";

    /** Shared with {@link TwilioGiveUpTest}: one gateway for both. */
    public static class Screening implements QuarkusTestProfile {
        static final int PORT = TwilioDialTest.Dialer.freePort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(Map.entry("quarkus.http.test-port", Integer.toString(PORT)),
                    Map.entry("parley.twilio.public-url", "http://127.0.0.1:" + PORT),
                    Map.entry("parley.twilio.ring-timeout", "5s"),
                    Map.entry("parley.twilio.api-timeout", "2s"),
                    Map.entry("parley.twilio.status-grace", "1s"),
                    Map.entry("PARLEY_TEST_TWILIO_TOKEN", FakeTwilio.TOKEN),
                    Map.entry("parley.tenants.dir", tenants().toString()),
                    Map.entry("parley.gateway.api-keys.screener", "screener-key"),
                    Map.entry("parley.gateway.api-keys.hangup", "hangup-key"),
                    Map.entry("parley.gateway.api-keys.plain", "plain-key"));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordedEvents.class);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScriptedBackends.class), new TestResourceEntry(FakeTwilio.class));
        }

        /** One Twilio account: "screener" screens with a message, "hangup" without one, "plain" does not screen. */
        private static Path tenants() {
            String account = "twilio:\n  outbound:\n    accountSid: \"" + FakeTwilio.ACCOUNT + "\"\n"
                    + "    authTokenEnv: PARLEY_TEST_TWILIO_TOKEN\n    callerId: \"+15550100400\"\n"
                    + "    maxConcurrent: 3\n    callsPerMinute: 100\n";
            try {
                Path dir = Files.createTempDirectory("twilio-amd-tenants");
                TenantFiles.write(dir, "screener", "+15550100401", account
                        + "    amd:\n      enabled: true\n      voicemail: \"" + VOICEMAIL + "\"\n");
                TenantFiles.write(dir, "hangup", "+15550100402", account + "    amd: {enabled: true}\n");
                TenantFiles.write(dir, "plain", "+15550100403", account);
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    CallSessions sessions;
    @Inject
    RecordedEvents events;
    @Inject
    MeterRegistry registry;
    @Inject
    OutboundLimits limits;

    @Test
    void aVoicemailGreetingGetsTheMessageAfterTheBeep() throws Exception {
        GreetingAudio.Clip clip = GreetingAudio.render(GREETING, 7);
        double machines = verdicts("machine");
        FakeTwilio.SAYS.put("+15551110101", clip.ulaw());
        String callId = dial("screener", "+15551110101");
        awaitTrue(() -> amdReasons(callId).contains("amd:voicemail-left"), "voicemail-left: " + events.of(callId));
        assertEquals(List.of("amd:machine", "amd:voicemail-left"), amdReasons(callId));
        assertEquals(VOICEMAIL, startOf(callId).getParametersMap().get(AmdScreen.VOICEMAIL));
        long startedMs = sinceAnswer(callId, first(callId, CallStarted.class).timestamp());
        assertTrue(startedMs >= clip.beepEndMs() - 100, "the message starts after the beep (" + clip.beepEndMs()
                + " ms into the answer): " + startedMs + " ms");
        assertEquals("twilio", first(callId, CallStarted.class).transport());
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallEnded), "call.ended for billing");
        assertEquals("agent-hangup", first(callId, CallEnded.class).reason(), "we hung up once it had played");
        assertEquals(machines + 1, verdicts("machine"));
        lineIsFree();
    }

    @Test
    void aShortHelloGetsTheAgentOnceItIsSaid() throws Exception {
        GreetingAudio.Clip clip = GreetingAudio.render(HELLO, 8);
        FakeTwilio.SAYS.put("+15551110102", clip.ulaw());
        String callId = dial("screener", "+15551110102");
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallStarted), "the session starts");
        long startedMs = sinceAnswer(callId, first(callId, CallStarted.class).timestamp());
        assertTrue(startedMs >= clip.speechEndMs() && startedMs <= 4_000, "the agent waits for the end of the "
                + "hello (" + clip.speechEndMs() + " ms) and not much longer: " + startedMs + " ms");
        assertFalse(startOf(callId).getParametersMap().containsKey(AmdScreen.VOICEMAIL));
        assertEquals(List.of("amd:human"), amdReasons(callId));
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallEnded), "the callee hangs up");
        assertEquals(1, events.of(callId).stream().filter(e -> e instanceof CallEnded).count(), "billed once");
        lineIsFree();
    }

    @Test
    void aMachineWithoutAMessageIsHungUpOnAndStillBilled() throws Exception {
        GreetingAudio.Clip clip = GreetingAudio.render(GREETING, 10);
        FakeTwilio.SAYS.put("+15551110103", clip.ulaw());
        String callId = dial("hangup", "+15551110103");
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallEnded), "call.ended for billing");
        assertEquals(List.of("amd:machine", "amd:no-voicemail"), amdReasons(callId));
        CallStarted started = first(callId, CallStarted.class);
        assertEquals("twilio", started.transport());
        assertEquals("+15550100400", started.from());
        assertEquals("+15551110103", started.to());
        assertTrue(Math.abs(sinceAnswer(callId, started.timestamp())) < 1_000, "started at the answer");
        CallEnded ended = first(callId, CallEnded.class);
        assertEquals("amd-machine", ended.reason());
        assertTrue(ended.durationMs() >= 3_000 && ended.durationMs() < 10_000,
                "billed for the line's time, the answer to our hang-up at the verdict: " + ended.durationMs() + " ms");
        assertTrue(ScriptedBackends.STARTS.stream().noneMatch(s -> s.getCallId().equals(callId)), "no brain");
        awaitTrue(() -> FakeTwilio.CALLBACKS.contains("+15551110103 completed=204"), "Twilio hung up when we closed the stream");
        lineIsFree();
    }

    private static String dial(String tenant, String to) {
        return given().contentType(ContentType.JSON).header("X-Api-Key", tenant + "-key")
                .body("{\"to\":\"" + to + "\",\"parameters\":{\"customer\":\"42\"}}")
                .post("/tenants/" + tenant + "/calls").then().statusCode(202).extract().path("callId");
    }

    private void lineIsFree() throws InterruptedException {
        awaitTrue(() -> sessions.live().isEmpty() && limits.live("screener", "twilio") == 0
                && limits.live("hangup", "twilio") == 0, "the session is over and the line free");
    }

    private <T> T first(String callId, Class<T> type) {
        return events.of(callId).stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + ": " + events.of(callId)));
    }

    private List<OutboundCall> outbound(String callId) {
        return events.of(callId).stream().filter(e -> e instanceof OutboundCall).map(e -> (OutboundCall) e).toList();
    }

    /** The AMD findings, in order: answered events with a reason (the call's own answered event has none). */
    private List<String> amdReasons(String callId) {
        return outbound(callId).stream().filter(e -> e.status().equals("answered")).map(OutboundCall::reason)
                .filter(Objects::nonNull).toList();
    }

    /** Ms from the call's answer (its answered event, on Twilio's in-progress) to {@code then}. */
    private long sinceAnswer(String callId, Instant then) {
        Instant answered = outbound(callId).stream().filter(e -> e.status().equals("answered")).findFirst()
                .orElseThrow().timestamp();
        return Duration.between(answered, then).toMillis();
    }

    /** The brain's CallStart of the call, waited for: it reaches the stand-in backend just after call.started. */
    private static CallStart startOf(String callId) throws InterruptedException {
        awaitTrue(() -> ScriptedBackends.STARTS.stream().anyMatch(s -> s.getCallId().equals(callId)),
                "the brain's CallStart of " + callId);
        return ScriptedBackends.STARTS.stream().filter(s -> s.getCallId().equals(callId)).findFirst().orElseThrow();
    }

    private double verdicts(String verdict) {
        var counter = registry.find("parley.outbound.amd").tag("verdict", verdict).tag("via", "twilio").counter();
        return counter == null ? 0 : counter.count();
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + 25_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
