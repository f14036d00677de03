package dev.parley.gateway.transport.sip;

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
 * Answering-machine detection on outbound calls against sipp as the callee, playing synthesized audio over RTP: a
 * voicemail greeting with a beep gets the voicemail message only after the beep, then our BYE; a short greeting
 * without a beep is told from a long hello by its words (a stand-in recognizer's, ScriptedBackends) and gets the
 * message too; a short "hello?" gets the agent within a few seconds, without talking over it; a tenant without AMD
 * starts the session at once; a tenant without a message hangs up on the machine, and that answered call is billed
 * all the same.
 */
@QuarkusTest
@TestProfile(OutboundAmdCallTest.Screening.class)
class OutboundAmdCallTest {
    private static final String VOICEMAIL = "Hi, this is Acme calling about your order. Please call us back.";
    private static final String ANSWER_SDP = "v=0\no=callee 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
            + "m=audio [rtpstream_audio_port] RTP/AVP 0\na=rtpmap:0 PCMU/8000\n";
    private static final String GREETING = "MACHINE | espeak:en-us | 300 | 1000/500/500 | Hello, you have reached Dana "
            + "Lee. I am sorry I cannot take your call right now. Please leave your name and number after the tone.";
    private static final String HELLO = "HUMAN | flite:kal16 | 400 | - | Hello, hello?";
    /** Timing alone takes it for a long hello; the stand-in recognizer hears its words for tenant screener-words. */
    private static final String SHORT_GREETING = "MACHINE | flite:kal | 300 | - | Hi, it's Dana, I'm out. Leave a message.";

    public static class Screening implements QuarkusTestProfile {
        static final String CALLEE_PORT = Sipp.freeUdpPortNow();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.sip.enabled", "true", "parley.sip.port", "0",
                    "parley.sip.bind-address", "127.0.0.1", "parley.tenants.dir", tenants().toString(),
                    "parley.sip.rtp-port-min", "44000", "parley.sip.rtp-port-max", "44998",
                    "parley.gateway.api-keys.screener", "screener-key", "parley.gateway.api-keys.plain", "plain-key",
                    "parley.gateway.api-keys.hangup", "hangup-key",
                    "parley.gateway.api-keys.screener-words", "screener-words-key");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(RecordedEvents.class);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ScriptedBackends.class));
        }


        /**
         * "screener" and "screener-words" (whose callee's words the stand-in recognizer hears) have AMD on with a
         * voicemail message, "hangup" has it on without one, "plain" has it off; all dial sipp on CALLEE_PORT.
         */
        private static Path tenants() {
            try {
                Path dir = Files.createTempDirectory("amd-tenants");
                String trunk = "sip:\n  outbound:\n    trunk: \"sip:127.0.0.1:" + CALLEE_PORT + "\"\n"
                        + "    callerId: \"+15550100100\"\n    callsPerMinute: 100\n";
                TenantFiles.write(dir, "screener", "+15550100400", trunk + "    amd:\n      enabled: true\n      voicemail: \""
                        + VOICEMAIL + "\"\n");
                TenantFiles.write(dir, "screener-words", "+15550100700", trunk
                        + "    amd:\n      enabled: true\n      voicemail: \"" + VOICEMAIL + "\"\n");
                TenantFiles.write(dir, "plain", "+15550100500", trunk);
                TenantFiles.write(dir, "hangup", "+15550100600", trunk + "    amd: {enabled: true}\n");
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
    void aVoicemailGreetingGetsTheMessageAfterTheBeepThenOurBye() throws Exception {
        GreetingAudio.Clip clip = GreetingAudio.render(GREETING, 7);
        double machines = verdicts("machine");
        Sipp.Callee callee = callee(clip, "  <recv request=\"BYE\"/>\n" + Sipp.respond("200 OK", null));
        String callId = dial("screener", "+15551230010");
        Sipp.Run run = callee.await();
        assertEquals(0, run.exitCode(), "our BYE ended the call\n" + run.output());
        awaitTrue(() -> amdReasons(callId).contains("amd:voicemail-left"), "voicemail-left: " + events.of(callId));
        assertEquals(List.of("amd:machine", "amd:voicemail-left"), amdReasons(callId));
        CallStart start = startOf(callId);
        assertEquals(VOICEMAIL, start.getParametersMap().get(AmdScreen.VOICEMAIL));
        long startedMs = sinceAnswer(callId, sessionStart(callId));
        assertTrue(startedMs >= clip.beepEndMs() - 100 && startedMs <= clip.beepEndMs() + 2_500,
                "the message starts after the beep (" + clip.beepEndMs() + " ms into the answer): " + startedMs + " ms");
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallEnded), "call.ended for billing");
        assertEquals(machines + 1, verdicts("machine"));
        assertTrue(registry.find("parley.outbound.amd.decision").tag("verdict", "machine").tag("via", "sip").timer()
                .count() > 0);
        lineIsFree();
    }

    @Test
    void aMachineWithoutAMessageIsHungUpOnAndStillBilled() throws Exception {
        GreetingAudio.Clip clip = GreetingAudio.render(GREETING, 10);
        Sipp.Callee callee = callee(clip, "  <recv request=\"BYE\"/>\n" + Sipp.respond("200 OK", null));
        String callId = dial("hangup", "+15551230013");
        Sipp.Run run = callee.await();
        assertEquals(0, run.exitCode(), "our BYE ended the call\n" + run.output());
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallEnded), "call.ended for billing");
        assertEquals(List.of("amd:machine", "amd:no-voicemail"), amdReasons(callId));
        CallStarted started = (CallStarted) events.of(callId).stream().filter(e -> e instanceof CallStarted)
                .findFirst().orElseThrow(() -> new AssertionError("no call.started: " + events.of(callId)));
        assertEquals("sip", started.transport());
        assertEquals("+15550100100", started.from());
        assertEquals("+15551230013", started.to());
        assertTrue(Math.abs(sinceAnswer(callId, started.timestamp())) < 500, "started at the answer");
        CallEnded ended = (CallEnded) events.of(callId).stream().filter(e -> e instanceof CallEnded).findFirst()
                .orElseThrow();
        assertEquals("amd-machine", ended.reason());
        assertTrue(ended.durationMs() >= 3_000 && ended.durationMs() < 10_000,
                "billed for the line's time, the answer to our BYE at the verdict: " + ended.durationMs() + " ms");
        assertTrue(ScriptedBackends.STARTS.stream().noneMatch(s -> s.getCallId().equals(callId)), "no brain");
        lineIsFree();
    }

    @Test
    void aShortGreetingWithoutABeepIsToldByItsWordsAndGetsTheMessage() throws Exception {
        GreetingAudio.Clip clip = GreetingAudio.render(SHORT_GREETING, 10);
        Sipp.Callee callee = callee(clip, "  <recv request=\"BYE\"/>\n" + Sipp.respond("200 OK", null));
        String callId = dial("screener-words", "+15551230013");
        Sipp.Run run = callee.await();
        assertEquals(0, run.exitCode(), "our BYE ended the call\n" + run.output());
        awaitTrue(() -> amdReasons(callId).contains("amd:voicemail-left"), "voicemail-left: " + events.of(callId));
        assertEquals(List.of("amd:machine", "amd:voicemail-left"), amdReasons(callId));
        assertEquals(VOICEMAIL, startOf(callId).getParametersMap().get(AmdScreen.VOICEMAIL));
        long startedMs = sinceAnswer(callId, sessionStart(callId));
        assertTrue(startedMs >= clip.speechEndMs(), "the message waits for the greeting's end (" + clip.speechEndMs()
                + " ms): " + startedMs + " ms");
        lineIsFree();
    }

    @Test
    void aShortHelloGetsTheAgentWithinSecondsWithoutAVoicemail() throws Exception {
        GreetingAudio.Clip clip = GreetingAudio.render(HELLO, 8);
        Sipp.Callee callee = callee(clip, "  <pause milliseconds=\"4000\"/>\n" + bye());
        String callId = dial("screener", "+15551230011");
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallStarted), "the session starts");
        long startedMs = sinceAnswer(callId, sessionStart(callId));
        assertTrue(startedMs >= clip.speechEndMs() && startedMs <= 3_000,
                "the agent waits for the end of the hello (" + clip.speechEndMs() + " ms) and no longer than 3 s: "
                        + startedMs + " ms");
        assertFalse(startOf(callId).getParametersMap().containsKey(AmdScreen.VOICEMAIL));
        Sipp.Run run = callee.await();
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of("amd:human"), amdReasons(callId));
        lineIsFree();
    }

    @Test
    void withoutAmdTheSessionStartsAtOnce() throws Exception {
        GreetingAudio.Clip clip = GreetingAudio.render(HELLO, 9);
        Sipp.Callee callee = callee(clip, "  <pause milliseconds=\"2000\"/>\n" + bye());
        String callId = dial("plain", "+15551230012");
        awaitTrue(() -> events.of(callId).stream().anyMatch(e -> e instanceof CallStarted), "the session starts");
        long startedMs = sinceAnswer(callId, sessionStart(callId));
        assertTrue(startedMs < clip.speechEndMs(), "no waiting for the callee: " + startedMs + " ms");
        Sipp.Run run = callee.await();
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of(), amdReasons(callId));
        lineIsFree();
    }

    /** sipp answers, plays {@code clip} over RTP from the moment of our ACK, then goes on with {@code rest}. */
    private static Sipp.Callee callee(GreetingAudio.Clip clip, String rest) throws IOException {
        Path dir = Path.of("target", "sipp").toAbsolutePath();
        Files.createDirectories(dir);
        // sipp streams the file's bytes as they are: raw 8 kHz μ-law, 160 bytes per 20 ms packet of payload type 0.
        Path audio = Files.createTempFile(dir, "callee", ".ulaw");
        Files.write(audio, clip.ulaw());
        // sipp refuses variables it assigns and never uses: the INVITE's Contact and From are kept only for a BYE.
        String invite = !rest.contains("BYE [$us]") ? "  <recv request=\"INVITE\"/>\n"
                : "  <recv request=\"INVITE\">\n    <action>\n"
                + "      <ereg regexp=\"sip:[^>;]*\" search_in=\"hdr\" header=\"Contact:\" assign_to=\"us\"/>\n"
                + "      <ereg regexp=\".*\" search_in=\"hdr\" header=\"From:\" assign_to=\"caller\"/>\n"
                + "    </action>\n  </recv>\n";
        String scenario = Sipp.scenario(invite,
                Sipp.respond("200 OK", ANSWER_SDP), "  <recv request=\"ACK\"/>\n",
                "  <nop>\n    <action>\n      <exec rtp_stream=\"" + audio + ",1,0\"/>\n    </action>\n  </nop>\n",
                rest);
        return Sipp.answer(Integer.parseInt(Screening.CALLEE_PORT), scenario, dir, "-mp", Sipp.freeUdpPort());
    }

    private static String bye() {
        return "  <send retrans=\"500\">\n    <![CDATA[\n      BYE [$us] SIP/2.0\n"
                + "      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
                + "      From: <sip:+15551230000@[local_ip]:[local_port]>;tag=[pid]callee\n"
                + "      To:[$caller]\n      Call-ID: [call_id]\n      CSeq: 2 BYE\n      Max-Forwards: 70\n"
                + "      Content-Length: 0\n    ]]>\n  </send>\n  <recv response=\"200\"/>\n";
    }

    private void lineIsFree() throws InterruptedException {
        awaitTrue(() -> sessions.live().isEmpty() && limits.live("screener", "sip") == 0
                && limits.live("plain", "sip") == 0 && limits.live("hangup", "sip") == 0,
                "the session is over and the line free");
    }

    private static String dial(String tenant, String to) {
        return given().contentType(ContentType.JSON).header("X-Api-Key", tenant + "-key")
                .body("{\"to\":\"" + to + "\",\"parameters\":{\"customer\":\"42\"}}")
                .post("/tenants/" + tenant + "/calls").then().statusCode(202).extract().path("callId");
    }

    private List<OutboundCall> outbound(String callId) {
        return events.of(callId).stream().filter(e -> e instanceof OutboundCall).map(e -> (OutboundCall) e).toList();
    }

    /** The AMD findings, in order: answered events with a reason (the call's own answered event has none). */
    private List<String> amdReasons(String callId) {
        return outbound(callId).stream().filter(e -> e.status().equals("answered")).map(OutboundCall::reason)
                .filter(Objects::nonNull).toList();
    }

    /** Ms from the callee's answer (its answered event) to {@code then}. */
    private long sinceAnswer(String callId, Instant then) {
        Instant answered = outbound(callId).stream().filter(e -> e.status().equals("answered")).findFirst()
                .orElseThrow().timestamp();
        return Duration.between(answered, then).toMillis();
    }

    /** When the call's session started: its call.started (the brain's CallStart follows on its stream). */
    private Instant sessionStart(String callId) {
        return events.of(callId).stream().filter(e -> e instanceof CallStarted).findFirst().orElseThrow().timestamp();
    }

    /** The brain's CallStart of the call, waited for: it reaches the stand-in backend just after call.started. */
    private static CallStart startOf(String callId) throws InterruptedException {
        awaitTrue(() -> ScriptedBackends.STARTS.stream().anyMatch(s -> s.getCallId().equals(callId)),
                "the brain's CallStart of " + callId);
        return ScriptedBackends.STARTS.stream().filter(s -> s.getCallId().equals(callId)).findFirst().orElseThrow();
    }

    private double verdicts(String verdict) {
        var counter = registry.find("parley.outbound.amd").tag("verdict", verdict).tag("via", "sip").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
