package dev.parley.e2e.failover;

import dev.parley.e2e.SampleCall;
import dev.parley.e2e.TestStacks;
import dev.parley.e2e.caller.CallReport;
import dev.parley.e2e.caller.CallScript;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.CloseStatus;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.clinic.DemoClinic;
import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The line holds when a service dies: with two instances of each backend, an instance is killed (kill -9) in the
 * middle of a call — the one carrying that call — and the call completes its script, its answers late by no more than
 * the budget; a tool interrupted by the death runs once. Then one instance alone is killed and restarted during a
 * call, and last the gateway itself is sent SIGTERM during a call: it finishes the call, refuses a new one, and exits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
    /** "Within 1 s of when the answer was due the caller hears the answer or the apology." */
    static final long HEARD_WITHIN_MS = 1_000;
    /** The answer itself at most 1.5 s later than usual, plus the apology's own length when one played. */
    static final long CALL_LONGER_BY_MS = 1_500 + 2_000;
    static final CallerVoice VOICE = new CallerVoice();

    static LocalStack stack;
    static Faults faults;
    static TurnTranscriber transcriber;
    static DemoClinic clinic;
    static CallReport acmeBaseline;
    static CallReport brightsmileBaseline;

    @BeforeAll
    static void startStack() throws Exception {
        StackConfig config = TestStacks.config("stack-failover")
                .withReplicas(Map.of(Service.STT, 2, Service.DIALOGUE, 2, Service.TTS, 2));
        clinic = DemoClinic.start(0, config.secrets().brightsmileToolSecret(), Duration.ofSeconds(2),
                line -> System.out.println("[clinic] " + line));
        stack = TestStacks.start(config.withClinic(clinic.bookingUrl()), "stack-failover");
        faults = new Faults(stack);
        transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir());
    }

    @AfterAll
    static void stopStack() {
        if (faults != null) {
            faults.close();
        }
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

    @Test
    @Order(1)
    void twoInstancesOfABackendShareTheCalls() throws Exception {
        List<SimulatedCaller> callers = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                callers.add(call("acme"));
            }
            for (SimulatedCaller c : callers) {
                c.awaitAgentTurn(Duration.ofSeconds(30));
            }
            Map<Integer, Double> streams = faults.perInstance(Service.STT);
            System.out.println("[failover] 10 live calls' recognition streams per stt-service instance: " + streams);
            assertEquals(10.0, streams.values().stream().mapToDouble(Double::doubleValue).sum(), streams.toString());
            assertTrue(streams.values().stream().allMatch(n -> n >= 3), "neither instance gets fewer than 3: " + streams);
        } finally {
            for (SimulatedCaller c : callers) {
                c.hangUp(Duration.ofSeconds(10));
                c.close();
            }
        }
    }

    @Test
    @Order(2)
    void baselineCallsWithNothingKilled() {
        acmeBaseline = passes(SampleCall.acmeScript(), "acme", "baseline");
        brightsmileBaseline = passes(SampleCall.brightsmileScript(), "brightsmile", "baseline");
    }

    @Test
    @Order(3)
    void sttKilledWhileTheCallerSpeaks() throws Exception {
        CallScript script = acme(s -> s.meanwhile("kill -9 the stt-service instance of this call, 1 s into the question",
                () -> faults.killServingLater(Service.STT, 1_000)), null);
        survives(script, "acme", acmeBaseline, "stt", "stt killed while the caller speaks");
    }

    @Test
    @Order(4)
    void dialogueKilledWhileTheBrainAnswers() throws Exception {
        CallScript script = acme(null, s -> s.meanwhile("kill -9 the dialogue-service instance of this call as the "
                + "turn reaches it", () -> faults.killServingLater(Service.DIALOGUE, 300)));
        survives(script, "acme", acmeBaseline, "dialogue", "dialogue killed while the brain answers");
    }

    @Test
    @Order(5)
    void ttsKilledWhileTheAgentsAudioPlays() throws Exception {
        CallScript script = acme(null, s -> s.meanwhile("kill -9 the tts-service instance voicing the answer, "
                + "while it voices it", () -> faults.killWhenServing(Service.TTS, 3_000)));
        survives(script, "acme", acmeBaseline, "tts", "tts killed while the agent's audio plays");
    }

    @Test
    @Order(6)
    void dialogueKilledWhileAToolRuns() throws Exception {
        int before = clinic.requests().size();
        CallScript script = new CallScript()
                .awaitAgentTurn(Duration.ofSeconds(30))
                .say("i would like to book a check up")
                .expectReply(Duration.ofSeconds(30), "patient", "number")
                .say("my patient number is four eight two nine one three")
                .expectReply(Duration.ofSeconds(30), "check", "patient", "number")
                .say("yes that's right")
                .meanwhile("kill -9 the dialogue-service instance of this call while the 2 s booking runs",
                        () -> faults.killServingLater(Service.DIALOGUE, 1_200))
                .expectReply(Duration.ofSeconds(30), "check", "tuesday")
                .say("goodbye")
                .awaitHangUp(Duration.ofSeconds(30));
        survives(script, "brightsmile", brightsmileBaseline, "dialogue", "dialogue killed while a tool runs");
        List<DemoClinic.Request> bookings = clinic.requests().subList(before, clinic.requests().size());
        System.out.println("[failover] webhook requests during the call: " + bookings);
        assertEquals(1, bookings.stream().filter(r -> r.status() == 200 && !r.repeat()).count(),
                "the booking is made once, whatever the resent turn asked again: " + bookings);
    }

    @Test
    @Order(7)
    void aLoneInstanceRestartedDuringTheCallIsWaitedForWithAnApology() throws Exception {
        faults.stop(Service.STT, 2);
        double apologies = faults.gateway("parley_gateway_apologies_total");
        long[] restartMs = new long[1];
        CallScript script = acme(s -> s.meanwhile("kill -9 the only stt-service and start it again",
                () -> faults.killAndRestartLater(Service.STT, 1, 500, restartMs)), null);
        CallReport report = run(script, "acme", "lone stt restarted");
        faults.awaitRestarts();
        System.out.printf("[failover] the lone stt-service was back (ready) %d ms after its kill%n", restartMs[0]);
        assertTrue(faults.gateway("parley_gateway_apologies_total") > apologies,
                "the caller heard the held apology while nothing could recognize them: " + report.conversation());
        faults.start(Service.STT, 2);
    }

    @Test
    @Order(8)
    void aGatewayToldToStopFinishesItsCallRefusesNewOnesAndExits() throws Exception {
        try (SimulatedCaller caller = call("acme")) {
            CallScript script = new CallScript()
                    .awaitAgentTurn(Duration.ofSeconds(30))
                    .meanwhile("SIGTERM to media-gateway", () -> stack.terminate(Service.GATEWAY, 1))
                    .meanwhile("its readiness goes down", FailoverIT::awaitGatewayNotReady)
                    .meanwhile("a new call while it drains", FailoverIT::aNewCallIsRefusedWhileDraining)
                    .say("where is my order one two three four")
                    .expectReply(Duration.ofSeconds(30), "shipped", "friday")
                    .say("goodbye")
                    .awaitHangUp(Duration.ofSeconds(30));
            CallReport report = script.run(caller, "acme", transcriber);
            SampleCall.print(report);
            assertEquals(1000, report.close().code(), "the call ended as usual: " + report.close());
        }
        assertTrue(stack.awaitExit(Service.GATEWAY, 1, Duration.ofSeconds(20)),
                "the gateway exits once its last call has ended");
    }

    /** The drain has begun once readiness is DOWN (the JVM handles SIGTERM asynchronously). */
    private static void awaitGatewayNotReady() {
        long until = System.nanoTime() + 10_000_000_000L;
        while (stack.ready(Service.GATEWAY, 1)) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the gateway still reports ready 10 s after SIGTERM");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void aNewCallIsRefusedWhileDraining() {
        try (SimulatedCaller late = call("acme")) {
            CloseStatus status = late.awaitClose(Duration.ofSeconds(5));
            assertEquals(1013, status.code(), "refused with 'try again later': " + status);
            assertTrue(status.reason().contains("shutting down"), status.toString());
            assertTrue(faults.gatewayWhere("parley_gateway_capacity_refused_total", "reason=\"draining\"") >= 1,
                    "the refusal is counted");
        } catch (Exception e) {
            throw new AssertionError("a call placed during the drain: " + e, e);
        }
    }

    /** The acme sample call with {@code beforeQuestion} and {@code afterQuestion} steps around its first question. */
    private static CallScript acme(Function<CallScript, CallScript> beforeQuestion,
                                   Function<CallScript, CallScript> afterQuestion) {
        CallScript s = new CallScript().awaitAgentTurn(Duration.ofSeconds(30));
        if (beforeQuestion != null) {
            s = beforeQuestion.apply(s);
        }
        s = s.say("where is my order one two three four");
        if (afterQuestion != null) {
            s = afterQuestion.apply(s);
        }
        return s.expectReply(Duration.ofSeconds(30), "shipped", "friday")
                .say("what are your opening hours")
                .expectReply(Duration.ofSeconds(30), "nine", "six")
                .say("goodbye")
                .awaitHangUp(Duration.ofSeconds(30));
    }

    /**
     * The script passes although an instance died; every answer (or the apology) came within 1 s of the usual, the
     * call took at most the budget longer; if {@code stage} is named, the gateway saw it fail and recover. The killed
     * instance is started again afterwards.
     */
    private static void survives(CallScript script, String tenant, CallReport baseline, String stage, String what)
            throws Exception {
        double recovered = stage == null ? 0 : faults.recovered(stage);
        CallReport report = run(script, tenant, what);
        faults.awaitRestarts();
        for (int i = 1; i < report.turns().size() && i < baseline.turns().size(); i++) {
            long usual = baseline.turns().get(i).latencyMs();
            long now = report.turns().get(i).latencyMs();
            assertTrue(now <= usual + HEARD_WITHIN_MS, what + ": turn " + i + " heard after " + now + " ms, usually "
                    + usual + " ms\n" + report.latencyTable());
        }
        assertTrue(report.durationMs() <= baseline.durationMs() + CALL_LONGER_BY_MS, what + ": the call took "
                + report.durationMs() + " ms, the same call with nothing killed " + baseline.durationMs() + " ms");
        if (stage != null) {
            assertTrue(faults.recovered(stage) > recovered, what + ": the gateway never saw its " + stage
                    + " stream fail and recover; the kill missed the call");
        }
        faults.restartKilled();
    }

    private static CallReport passes(CallScript script, String tenant, String what) {
        return run(script, tenant, what);
    }

    private static CallReport run(CallScript script, String tenant, String what) {
        try (SimulatedCaller caller = call(tenant)) {
            CallReport report = script.run(caller, tenant, transcriber);
            System.out.println("[failover] " + what + ":");
            SampleCall.print(report);
            assertEquals(1000, report.close().code(), what + ": " + report.close());
            assertFalse(report.close().closedByCaller(), what + ": the agent hangs up after goodbye, as usual");
            assertTrue(report.protocolProblems().isEmpty(), what + ": " + report.protocolProblems());
            return report;
        }
    }

    private static SimulatedCaller call(String tenant) {
        StackConfig c = stack.config();
        return SimulatedCaller.call(c.gatewayMediaUri(), c.secrets().twilioAuthToken(), tenant, VOICE,
                SampleCall.TURN_QUIET);
    }
}
