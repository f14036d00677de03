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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The line holds when a service dies: with two instances of each backend, an instance is killed (kill -9) in the
 * middle of a call — the one carrying that call — and the call completes its script, its answers late by no more than
 * the budget; a tool interrupted by the death runs once. Three cells of the failover matrix, one per backend (all
 * twelve, and hung instances, run in {@code FailoverMatrixBenchmark}, by hand: ~15 minutes). Then one instance alone is killed and restarted during a
 * call, and last the gateway itself is sent SIGTERM during a call: it finishes the call, refuses a new one, and exits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

    static LocalStack stack;
    static Faults faults;
    static TurnTranscriber transcriber;
    static DemoClinic clinic;
    static KillMatrix matrix;

    @BeforeAll
    static void startStack() throws Exception {
        StackConfig config = TestStacks.config("stack-failover")
                .withReplicas(Map.of(Service.STT, 2, Service.DIALOGUE, 2, Service.TTS, 2));
        clinic = DemoClinic.start(0, config.secrets().brightsmileToolSecret(), Duration.ofSeconds(2),
                line -> System.out.println("[clinic] " + line));
        stack = TestStacks.start(config.withClinic(clinic.bookingUrl()), "stack-failover");
        faults = new Faults(stack);
        transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir());
        matrix = new KillMatrix(stack, faults, transcriber, clinic, new CallerVoice());
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
        matrix.baselines(false);
    }

    @Test
    @Order(3)
    void sttKilledWhileTheCallerSpeaks() throws Exception {
        passes(matrix.kill(Service.STT, KillMatrix.Moment.SPEAKS));
    }

    @Test
    @Order(5)
    void ttsKilledAsItVoicesTheReply() throws Exception {
        passes(matrix.kill(Service.TTS, KillMatrix.Moment.GENERATES));
    }

    @Test
    @Order(6)
    void dialogueKilledWhileAToolRunsAndTheBookingIsMadeOnce() throws Exception {
        passes(matrix.kill(Service.DIALOGUE, KillMatrix.Moment.TOOL));
    }

    private static void passes(KillMatrix.Cell cell) {
        assertTrue(cell.passed(), cell.moment().words + ", " + cell.killed() + " killed: " + cell.failures()
                + (cell.report() == null ? "" : "\n" + cell.report().conversation() + cell.report().latencyTable()));
    }

    @Test
    @Order(7)
    void aLoneInstanceRestartedDuringTheCallIsWaitedForWithAnApology() throws Exception {
        faults.stop(Service.STT, 2); // and left stopped: what follows needs no second stt
        double apologies = faults.gateway("parley_gateway_apologies_total");
        long[] restartMs = new long[1];
        CallScript script = KillMatrix.acme(s -> s.meanwhile("kill -9 the only stt-service and start it again",
                () -> faults.killAndRestartLater(Service.STT, 1, 500, restartMs)), null);
        CallReport report = matrix.run(script, "acme", "lone stt restarted");
        faults.awaitRestarts();
        System.out.printf("[failover] the lone stt-service was back (ready) %d ms after its kill%n", restartMs[0]);
        assertTrue(faults.gateway("parley_gateway_apologies_total") > apologies,
                "the caller heard the held apology while nothing could recognize them: " + report.conversation());
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

    private static SimulatedCaller call(String tenant) {
        return matrix.call(tenant);
    }
}
