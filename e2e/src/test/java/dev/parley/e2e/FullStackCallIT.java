package dev.parley.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.contracts.events.EventSchemaValidator;
import dev.parley.contracts.events.EventSchemas;
import dev.parley.e2e.analytics.AnalyticsClient;
import dev.parley.e2e.caller.AgentTurn;
import dev.parley.e2e.caller.CallReport;
import dev.parley.e2e.caller.CallScript;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.CloseStatus;
import dev.parley.e2e.caller.HeardWords;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.clinic.DemoClinic;
import dev.parley.e2e.recording.RedactionChecks;
import dev.parley.e2e.sip.SipCallChecks;
import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;
import dev.parley.e2e.tracing.CallTraceChecks;
import dev.parley.e2e.tracing.CallTraceTree;
import dev.parley.e2e.tracing.ZipkinReceiver;
import dev.parley.events.TopicReader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
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
    private static ZipkinReceiver traces;
    /** The acme sample call, for the checks on what it left behind (bill, trace). */
    private static CallReport acmeCall;
    /** The brightsmile booking call, and when (ms from its start) the caller began to say the patient number. */
    private static CallReport brightsmileCall;
    private static long brightsmileNumberStartMs;
    /** brightsmile's booking webhook; each booking takes 2 s. */
    private static DemoClinic clinic;
    private static final CallerVoice VOICE = new CallerVoice();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DIGIT_WORDS =
            List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    @BeforeAll
    static void startStack() throws IOException {
        traces = ZipkinReceiver.start();
        // The SIP caller (sipp) receives on another port than it sends from: no symmetric RTP for this trunk.
        StackConfig config = TestStacks.config("stack").withTraces(traces.uri())
                .withEnv(Service.GATEWAY, Map.of("PARLEY_SIP_SYMMETRIC_RTP", "false"));
        clinic = DemoClinic.start(0, config.secrets().brightsmileToolSecret(), Duration.ofSeconds(2),
                line -> System.out.println("[clinic] " + line));
        stack = TestStacks.start(config.withClinic(clinic.bookingUrl()), "stack");
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
        if (traces != null) {
            traces.close();
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
        acmeCall = report;
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

    /**
     * The acme call's record in analytics: listed for acme, each turn's caller text is what the caller said (as STT
     * recognized it), each agent text is what the caller heard (as Vosk transcribed the played audio), no turn was
     * interrupted, and the duration is what the caller timed. Another tenant's key is refused.
     */
    @Test
    @Order(2)
    void theAcmeCallsRecordMatchesWhatTheCallerSaidAndHeard() throws Exception {
        assertNotNull(acmeCall, "needs the acme call of the test before");
        String callId = acmeCall.callSid();
        String key = stack.config().secrets().analyticsAcmeKey();
        JsonNode listed = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            listed = analyticsGet("/tenants/acme/calls?limit=100", key).body();
            if (idsOf(listed).contains(callId)) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(idsOf(listed).contains(callId), "acme's call list lacks " + callId + ": " + listed);
        assertEquals(403, analyticsGet("/tenants/brightsmile/calls", key).status(), "acme's key for another tenant");

        JsonNode record = analyticsGet("/tenants/acme/calls/" + callId, key).body();
        assertEquals("twilio", record.path("transport").asText(), record.toString());
        assertEquals("agent-hangup", record.path("endReason").asText(), record.toString());
        assertTrue(Math.abs(record.path("durationMs").asLong() - acmeCall.durationMs()) <= 1000,
                "record " + record.path("durationMs") + " ms, the caller timed " + acmeCall.durationMs() + " ms");
        assertTrue(record.path("traceId").asText().matches("[0-9a-f]{32}"), "trace id: " + record.path("traceId"));
        JsonNode turns = record.path("turns");
        assertEquals(acmeCall.turns().size(), turns.size(), "a turn per turn the caller had: " + turns);
        for (int i = 0; i < turns.size(); i++) {
            JsonNode turn = turns.get(i);
            AgentTurn heard = acmeCall.turns().get(i);
            assertEquals(i, turn.path("turnId").asInt(), turns.toString());
            assertFalse(turn.path("interrupted").asBoolean(), "turn " + i + " was heard in full: " + turn);
            if (heard.callerText() != null) {
                assertTrue(shared(heard.callerText(), turn.path("callerText").asText()) >= 0.5,
                        "turn " + i + ": the caller said \"" + heard.callerText() + "\", the record has " + turn);
                assertTrue(turn.path("latencyMs").has("firstAudible"), "turn " + i + " latency: " + turn);
            }
            String transcript = heard.transcript(transcriber);
            assertTrue(shared(transcript, turn.path("agentHeard").asText()) >= 0.5,
                    "turn " + i + ": the caller heard \"" + transcript + "\", the record has " + turn);
            System.out.printf("record turn %d: caller \"%s\" / agent heard \"%s\"; voice-to-voice %s ms in the"
                    + " record, %d ms measured by the caller%n", i, turn.path("callerText").asText(),
                    turn.path("agentHeard").asText(), turn.path("latencyMs").path("firstAudible").asText("-"),
                    heard.latencyMs());
        }
        assertTrue(record.path("tools").findValuesAsText("name").contains("order_status"), "tools: " + record);
    }

    /**
     * The same call on the analytics dashboard's call page, in a real headless Chromium (e2e/browser/dashboard.sh):
     * found in the Calls list with acme's key, its transcript shows what the caller asked and the agent answered,
     * its turns have latency bars, and its trace link ends with the call's trace id.
     */
    @Test
    @Order(3)
    void theDashboardsCallPageShowsTheAcmeCall() throws Exception {
        assertNotNull(acmeCall, "needs the acme call of the tests before");
        dashboardCallPage(stack.config().secrets().analyticsAcmeKey(), acmeCall.callSid(), Map.of());
    }

    /** Runs e2e/browser/dashboard.sh (headless Chromium) on a call's page; {@code env} says what it must show. */
    private static void dashboardCallPage(String key, String callId, Map<String, String> env) throws Exception {
        Path script = StackConfig.defaultHome().resolve("e2e/browser/dashboard.sh");
        Path log = StackConfig.defaultHome().resolve("e2e/target/dashboard-calls-" + callId + ".log");
        // The child's output goes to a file, never to this JVM's stdout/stdin: those carry the test runner's channel.
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(),
                stack.config().baseUri(Service.ANALYTICS).toString().replaceAll("/+$", ""), key, callId)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process browser = builder.start();
        boolean finished = browser.waitFor(2, java.util.concurrent.TimeUnit.MINUTES);
        if (!finished) {
            browser.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertTrue(finished, "the dashboard check did not finish within 2 minutes:\n" + output);
        assertEquals(0, browser.exitValue(), "the dashboard's call page failed:\n" + output);
    }

    private record Answer(int status, JsonNode body) {
    }

    private static Answer analyticsGet(String path, String key) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(stack.config().baseUri(Service.ANALYTICS).resolve(path))
                .timeout(Duration.ofSeconds(10)).header("X-Api-Key", key).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.statusCode() == 200 ? JSON.readTree(response.body()) : null);
    }

    private static List<String> idsOf(JsonNode list) {
        return list == null ? List.of() : list.path("calls").findValuesAsText("callId");
    }

    /**
     * The share of {@code expected}'s words found in {@code actual} in some inflection (HeardWords), ignoring case and
     * punctuation, digits counted as the words a recognizer writes for them ("1" = "one").
     */
    private static double shared(String expected, String actual) {
        List<String> want = words(expected);
        String have = String.join(" ", words(actual));
        return want.isEmpty() ? 0
                : 1 - HeardWords.missing(have, want.toArray(String[]::new)).size() / (double) want.size();
    }

    private static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        return List.of(text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").trim().split("\\s+"))
                .stream().filter(w -> !w.isEmpty()).map(w -> w.matches("[0-9]") ? DIGIT_WORDS.get(w.charAt(0) - '0') : w)
                .collect(Collectors.toList());
    }

    /**
     * Every event the acme call left on Kafka, whichever service published it, validates against its type's JSON
     * Schema (strictly: no field the schema does not list) and carries its CloudEvents headers.
     */
    @Test
    @Order(4)
    void everyEventOfTheAcmeCallValidatesAgainstItsSchema() throws Exception {
        assertNotNull(acmeCall, "needs the acme call of the test before");
        String callId = acmeCall.callSid();
        // stt and tts usage come at the end of their streams, from their own services: wait until every type is in.
        Set<String> expectedTypes = Set.of("call.started", "turn.agent", "turn.user", "turn.latency",
                "tool.invoked", "tts.usage", "stt.usage", "call.ended");
        List<ConsumerRecord<String, byte[]>> records = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            records = TopicReader.readToEnd(stack.config().kafkaBootstrap(), r -> callId.equals(r.key()));
            if (typesOf(records).containsAll(expectedTypes)) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(typesOf(records).containsAll(expectedTypes), "event types of the call: " + typesOf(records));
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String json = new String(record.value(), StandardCharsets.UTF_8);
            assertEquals(List.of(), EventSchemaValidator.problems(record.value()), json);
            String type = header(record, "event-type");
            assertEquals("1.0", header(record, "ce_specversion"), json);
            assertEquals("dev.parley." + type, header(record, "ce_type"), json);
            assertEquals(EventSchemas.id(type), header(record, "ce_dataschema"), json);
            assertTrue(String.valueOf(header(record, "ce_source")).matches("/parley/(media-gateway|stt-service|"
                    + "dialogue-service|tts-service)"), header(record, "ce_source"));
            assertTrue(json.contains("\"timestamp\":\"" + header(record, "ce_time") + "\""), "ce_time: " + json);
            assertTrue(ids.add(header(record, "ce_id")), "ce_id unique: " + json);
        }
        System.out.println(records.size() + " events of the call (" + typesOf(records)
                + ") validate against their schemas");
    }

    private static Set<String> typesOf(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> header(r, "event-type")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * The acme call as the services traced it: one trace, one root call span, a turn span per turn of the call with
     * STT, brain (and its tool run), TTS and playout under the right turn, from the service that did each.
     */
    @Test
    @Order(5)
    void theAcmeCallIsOneTraceWithEveryServicesStagesUnderTheirTurn() throws Exception {
        assertNotNull(acmeCall, "needs the acme call of the test before");
        String callId = acmeCall.callSid();
        AssertionError last = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            // Each service exports on its own schedule: wait until the whole tree has arrived.
            Optional<CallTraceTree> trace = CallTraceTree.of(traces.spans(), callId);
            try {
                assertTrue(trace.isPresent(), "no call span for " + callId + " among " + traces.spans().size());
                CallTraceChecks.assertCallTrace(trace.get(), traces.spans(), callId, acmeCall.turns().size());
                System.out.println(trace.get().render());
                CallTraceChecks.assertEventsNameTheirSpans(trace.get(), stack.config().kafkaBootstrap(), callId);
                return;
            } catch (AssertionError e) {
                last = e;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        CallTraceTree.of(traces.spans(), callId).ifPresent(t -> System.out.println(t.render()));
        throw last;
    }

    @Test
    @Order(6)
    void aSipCallFromSippIsAnsweredHeardHungUpByTheCallerAndBilled() throws Exception {
        SipCallChecks.sippAsksAndIsAnsweredThenHangsUpAndIsBilled(stack.config(), transcriber, VOICE);
    }

    @Test
    @Order(7)
    void baresipHoldsATwoTurnConversationWithKeyPressesOverSip() throws Exception {
        SipCallChecks.baresipTypesTheOrderNumberAndAsksASecondQuestion(stack.config(), transcriber, VOICE);
    }

    @Test
    @Order(8)
    void unknownTenantIsRefusedWithPolicyViolation() throws Exception {
        try (SimulatedCaller caller = call("no-such-tenant")) {
            CloseStatus status = caller.awaitClose(Duration.ofSeconds(15));
            assertEquals(1008, status.code(), status.toString());
            assertFalse(status.closedByCaller());
            assertFalse(status.reason() == null || status.reason().isBlank(), "the close frame says why");
        }
    }

    @Test
    @Order(9)
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
    @Order(10)
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
    @Order(11)
    void brightsmileBooksThroughASlowWebhookWithFillerSpeechThenTheAnswer() throws Exception {
        try (SimulatedCaller caller = call("brightsmile")) {
            CallReport report = SampleCall.brightsmileScript().run(caller, "brightsmile", transcriber);
            SampleCall.print(report);
            brightsmileCall = report;
            byte[] number = VOICE.speak(SampleCall.BRIGHTSMILE_NUMBER_UTTERANCE);
            // The number turn's reply counts from the frame that ended the utterance; it began that long before.
            brightsmileNumberStartMs = (report.turns().get(2).callerEndedNanos() - caller.startedNanos()) / 1_000_000
                    - (number.length / 160 - 1) * 20L;
            assertEquals(1000, report.close().code(), report.close().toString());
            assertFalse(report.close().closedByCaller(), "the agent hangs up after goodbye");

            DemoClinic.Request booking = clinic.requests().get(0);
            assertEquals(1, clinic.requests().size(), "booked once: " + clinic.requests());
            assertTrue(booking.signed() && booking.status() == 200 && "482913".equals(booking.patient()),
                    booking.toString());
            // The filler was heard while the booking was still running; the answer after it.
            long during = caller.agentFramesSince(booking.receivedNanos()).stream()
                    .filter(t -> t < booking.answeredNanos()).count();
            assertTrue(during > 0, "no agent audio while the 2 s booking ran: " + report.conversation());
            String readBack = report.turns().get(2).transcript(transcriber);
            assertFalse(readBack.contains("tuesday"), "nothing booked before the read-back: \"" + readBack + "\"");
            String heard = report.turns().get(3).transcript(transcriber);
            assertTrue(heard.indexOf("check") >= 0 && heard.indexOf("check") < heard.indexOf("tuesday"),
                    "filler, then the booking: \"" + heard + "\"");
        }
    }

    /**
     * brightsmile redacts (tenant.yaml {@code redaction}): the booking call of the test before — booked with the real
     * patient number — leaves a record and a recording without it or the patient's name, neither the caller's words
     * nor the agent's read-back; the recording plays on the dashboard's call page.
     */
    @Test
    @Order(12)
    void theBrightsmileCallsRecordAndRecordingCarryNoPatientNumber() throws Exception {
        assertNotNull(brightsmileCall, "needs the brightsmile call of the test before");
        String callId = brightsmileCall.callSid();
        String adminKey = stack.config().secrets().analyticsAdminKey();
        RedactionChecks checks = new RedactionChecks(stack.config().baseUri(Service.ANALYTICS), adminKey);
        // Maria: the name the clinic returned for 482913, which the agent says ("Wonderful, Maria!").
        checks.recordHoldsNoPii("brightsmile", callId, "482913", List.of("Maria"));
        checks.recordingHoldsNoPii("brightsmile", callId, "482913", List.of("Maria"), transcriber,
                VOICE.speak(SampleCall.BRIGHTSMILE_NUMBER_UTTERANCE), brightsmileNumberStartMs, "patient", "right",
                "goodbye");
        dashboardCallPage(adminKey, callId, Map.of("TENANT", "brightsmile", "CALLER_WORDS", "check,patient",
                "AGENT_WORDS", "tuesday", "RECORDING", "1"));
    }

    /**
     * brightsmile's post-call webhook (the demo clinic's, refusing each key's first two deliveries with 503) keeps
     * exactly one signed analysis of the booking call: retried, deduplicated on the Idempotency-Key, and carrying the
     * values as extracted (the tenant's own system gets the patient number; its events and records do not).
     */
    @Test
    @Order(13)
    void theClinicsPostCallWebhookKeepsOneSignedAnalysisAfterTwoRefusals() throws Exception {
        assertNotNull(brightsmileCall, "needs the brightsmile call of the tests before");
        String key = brightsmileCall.callSid() + ":analysis";
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!clinic.postCallAnalyses().containsKey(key) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        List<String> deliveries = clinic.postCallDeliveries().stream().filter(d -> d.startsWith(key + " ")).toList();
        System.out.println("[post-call] deliveries: " + deliveries);
        JsonNode analysis = clinic.postCallAnalyses().get(key);
        assertNotNull(analysis, "no analysis kept for " + key + "; deliveries: " + clinic.postCallDeliveries());
        assertEquals(List.of(key + " signed 503", key + " signed 503", key + " signed 200"), deliveries,
                "refused twice, then kept once");
        assertEquals(brightsmileCall.callSid(), analysis.path("callId").asText(), analysis.toString());
        assertEquals("482913", analysis.path("values").path("patient_number").asText(), analysis.toString());
        assertTrue(analysis.path("goalReached").asBoolean(), "the booking was the call's goal: " + analysis);
    }
}
