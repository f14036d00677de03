package dev.parley.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.e2e.analytics.AnalyticsClient;
import dev.parley.e2e.caller.CallReport;
import dev.parley.e2e.caller.CallScript;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.CloseStatus;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole system, for real: a Kafka broker and the five services as separate JVMs, a simulated Twilio caller
 * speaking synthesized audio over the media stream, the agent's audio transcribed by Vosk, and the bill read back
 * from analytics. Needs every service packaged first (the root build runs this after packaging them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullStackCallIT {
    private static LocalStack stack;
    private static TurnTranscriber transcriber;
    /** brightsmile's booking webhook; each booking takes 2 s. */
    private static ClinicBookingServer clinic;
    private static final CallerVoice VOICE = new CallerVoice();

    @BeforeAll
    static void startStack() throws IOException {
        Path home = StackConfig.defaultHome();
        Path runDir = Path.of(System.getProperty("parley.stack.dir", home.resolve("e2e/target/stack").toString()));
        deleteRecursively(runDir);
        clinic = new ClinicBookingServer(Duration.ofSeconds(2));
        StackConfig config = StackConfig.forTest(home, runDir).withEnv(Service.DIALOGUE, clinic.tenantEnv());
        stack = LocalStack.start(config, line -> System.out.println("[stack] " + line));
        transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir());
    }

    @AfterAll
    static void stopStack() {
        if (transcriber != null) {
            transcriber.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (clinic != null) {
            clinic.close();
        }
    }

    private static SimulatedCaller call(String tenant) {
        StackConfig c = stack.config();
        return SimulatedCaller.call(c.gatewayMediaUri(), c.secrets().twilioAuthToken(), tenant, VOICE,
                SampleCall.TURN_QUIET);
    }

    @Test
    @Order(1)
    void acmeSampleCallIsAnsweredHungUpAndBilled() throws Exception {
        CallReport report;
        try (SimulatedCaller caller = call("acme")) {
            report = SampleCall.acmeScript().run(caller, "acme", transcriber);
        }
        SampleCall.print(report);
        assertEquals(1000, report.close().code(), report.close().toString());
        assertFalse(report.close().closedByCaller(), "the agent hangs up after goodbye");
        assertEquals(4, report.turns().size(), report.conversation());
        assertTrue(report.turns().stream().allMatch(t -> t.latencyMs() >= 0), report.latencyTable());
        assertTrue(report.protocolProblems().isEmpty(), report.protocolProblems().toString());

        AnalyticsClient analytics = new AnalyticsClient(stack.config().baseUri(Service.ANALYTICS),
                stack.config().secrets().analyticsAcmeKey());
        long expected = report.billableSeconds();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        OptionalLong billed = OptionalLong.empty();
        AnalyticsClient.Usage usage = null;
        String lastError = "";
        while (System.nanoTime() < deadline) {
            try {
                billed = analytics.callBilledSeconds("acme", report.callSid());
                usage = analytics.usage("acme");
                if (billed.isPresent() && usage.calls() >= 1 && usage.billedSeconds() >= billed.getAsLong()) {
                    break;
                }
            } catch (IOException e) {
                lastError = e.getMessage();
            }
            Thread.sleep(500);
        }
        assertTrue(billed.isPresent(), "analytics never billed call " + report.callSid() + " within 20 s; usage "
                + usage + (lastError.isEmpty() ? "" : "; last error: " + lastError));
        assertTrue(Math.abs(billed.getAsLong() - expected) <= 1, "billed " + billed.getAsLong()
                + " s, but the caller timed the call at " + report.durationMs() + " ms (ceil " + expected + " s)");
        System.out.println("analytics billed " + billed.getAsLong() + " s for " + report.callSid()
                + " (the caller measured " + report.durationMs() + " ms); acme usage: " + usage);
        assertEquals("acme", usage.tenantId());
        assertTrue(usage.calls() >= 1 && usage.billedSeconds() >= billed.getAsLong(),
                "acme's usage must include the call: " + usage);
    }

    @Test
    @Order(2)
    void unknownTenantIsRefusedWithPolicyViolation() throws Exception {
        try (SimulatedCaller caller = call("no-such-tenant")) {
            CloseStatus status = caller.awaitClose(Duration.ofSeconds(15));
            assertEquals(1008, status.code(), status.toString());
            assertFalse(status.closedByCaller());
            assertFalse(status.reason() == null || status.reason().isBlank(), "the close frame says why");
        }
    }

    @Test
    @Order(3)
    void malformedMessageMidCallDoesNotBreakTheCall() throws Exception {
        CallScript script = new CallScript()
                .awaitAgentTurn(Duration.ofSeconds(30))
                .sendRaw("{\"event\": \"media\", this is not json")
                .say("what are your opening hours")
                .expectReply(Duration.ofSeconds(30), "nine", "six")
                .say("goodbye")
                .awaitHangUp(Duration.ofSeconds(30));
        try (SimulatedCaller caller = call("acme")) {
            CallReport report = script.run(caller, "acme", transcriber);
            SampleCall.print(report);
            assertEquals(1000, report.close().code());
            assertFalse(report.close().closedByCaller());
        }
    }

    @Test
    @Order(4)
    void browserPhoneHoldsATwoTurnConversationWithLiveCaptions() throws Exception {
        // A real headless Chromium with a WAV file as its microphone, on the gateway's /phone/ page
        // (e2e/browser: playwright-core drives it and checks the captions of both sides).
        Path script = StackConfig.defaultHome().resolve("e2e/browser/run.sh");
        Path log = StackConfig.defaultHome().resolve("e2e/target/browser-call.log");
        // The child's output goes to a file, never to this JVM's stdout/stdin: those carry the test runner's channel.
        Process browser = new ProcessBuilder("bash", script.toString(),
                stack.config().baseUri(Service.GATEWAY).toString().replaceAll("/+$", ""),
                stack.config().secrets().gatewayAcmeKey())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        boolean finished = browser.waitFor(4, java.util.concurrent.TimeUnit.MINUTES);
        if (!finished) {
            browser.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(finished, "the browser call did not finish within 4 minutes:\n" + output);
        assertEquals(0, browser.exitValue(), "the browser call failed:\n" + output);
    }

    @Test
    @Order(5)
    void brightsmileBooksThroughASlowWebhookWithFillerSpeechThenTheAnswer() throws Exception {
        CallScript script = new CallScript()
                .awaitAgentTurn(Duration.ofSeconds(30))
                .say("i would like to book a check up")
                .expectReply(Duration.ofSeconds(30), "patient", "number")
                .say("my patient number is four eight two nine one three")
                .expectReply(Duration.ofSeconds(30), "check", "tuesday")
                .say("goodbye")
                .awaitHangUp(Duration.ofSeconds(30));
        try (SimulatedCaller caller = call("brightsmile")) {
            CallReport report = script.run(caller, "brightsmile", transcriber);
            SampleCall.print(report);
            assertEquals(1000, report.close().code(), report.close().toString());
            assertFalse(report.close().closedByCaller(), "the agent hangs up after goodbye");

            ClinicBookingServer.Booking booking = clinic.requests().get(0);
            assertEquals(1, clinic.requests().size(), "booked once: " + clinic.requests());
            assertTrue(booking.signed() && booking.status() == 200 && "482913".equals(booking.patient()),
                    booking.toString());
            // The filler was heard while the booking was still running; the answer after it.
            long during = caller.agentFramesSince(booking.receivedNanos()).stream()
                    .filter(t -> t < booking.answeredNanos()).count();
            assertTrue(during > 0, "no agent audio while the 2 s booking ran: " + report.conversation());
            String heard = report.turns().get(2).transcript(transcriber);
            assertTrue(heard.indexOf("check") >= 0 && heard.indexOf("check") < heard.indexOf("tuesday"),
                    "filler, then the booking: \"" + heard + "\"");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
