package dev.parley.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.e2e.analytics.AnalyticsClient;
import dev.parley.e2e.caller.CallReport;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.SimulatedCaller;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.Metrics;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away in the middle of a working day: calls placed while the broker is down are answered as usual (the
 * live audio path never waits for Kafka), every service keeps its events in its durable outbox, and once the broker
 * is back analytics bills and counts every call exactly once.
 */
class BrokerOutageIT {
    private static LocalStack stack;
    private static TurnTranscriber transcriber;

    @BeforeAll
    static void startStack() throws IOException {
        stack = TestStacks.start("stack-outage");
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
    }

    @Test
    void callsDuringABrokerOutageAreAnsweredAndBilledExactlyOnce() throws Exception {
        List<CallReport> calls = new ArrayList<>();
        calls.add(sampleCall());
        stack.stopBroker();
        calls.add(sampleCall());
        calls.add(sampleCall());
        double heldBack = pendingEvents();
        assertTrue(heldBack > 0, "while the broker is down the services' outboxes hold the calls' events");
        stack.startBroker();

        AnalyticsClient analytics = new AnalyticsClient(stack.config().baseUri(Service.ANALYTICS),
                stack.config().secrets().analyticsAcmeKey());
        long agentTurns = calls.stream().mapToLong(c -> c.turns().size()).sum();
        long userTurns = calls.stream().mapToLong(c -> c.turns().stream().filter(t -> t.callerText() != null).count())
                .sum();
        AnalyticsClient.Rates expectedRates = new AnalyticsClient.Rates(3, 3, agentTurns, 0, 0, 0, userTurns, 3);

        // Delivery resumes within the producers' reconnect backoff; analytics then catches up.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        AnalyticsClient.Usage usage = null;
        AnalyticsClient.Rates rates = null;
        String lastError = "";
        while (System.nanoTime() < deadline) {
            try {
                usage = analytics.usage("acme");
                rates = analytics.rates("acme");
                if (usage.calls() >= 3 && expectedRates.equals(rates)) {
                    break;
                }
            } catch (IOException e) {
                lastError = e.getMessage();
            }
            Thread.sleep(1000);
        }
        assertTrue(usage != null && usage.calls() == 3, "analytics must count the 3 calls exactly once: " + usage
                + (lastError.isEmpty() ? "" : "; last error: " + lastError));
        long billedTotal = 0;
        for (CallReport call : calls) {
            OptionalLong billed = analytics.callBilledSeconds("acme", call.callSid());
            assertTrue(billed.isPresent(), "call " + call.callSid() + " was never billed");
            assertTrue(Math.abs(billed.getAsLong() - call.billableSeconds()) <= 1, "call " + call.callSid()
                    + " billed " + billed.getAsLong() + " s, timed by the caller at " + call.durationMs() + " ms");
            billedTotal += billed.getAsLong();
        }
        assertEquals(billedTotal, usage.billedSeconds(), "the tenant total is the sum of its calls: " + usage);
        assertEquals(expectedRates, rates, "turn and call counts match what happened on the calls");

        // Nothing arrives twice later (an outbox replaying what the broker already had would show up here).
        Thread.sleep(5000);
        assertEquals(usage, analytics.usage("acme"));
        assertEquals(rates, analytics.rates("acme"));
        assertEquals(0.0, pendingEvents(), "every outbox drained once the broker was back");
        System.out.println(heldBack + " events waited in outboxes; after the outage analytics reports " + usage
                + " and " + rates);
    }

    /** Events in the outboxes of the services that publish (analytics only consumes). */
    private static double pendingEvents() throws IOException, InterruptedException {
        double pending = 0;
        for (Service s : List.of(Service.GATEWAY, Service.STT, Service.DIALOGUE, Service.TTS)) {
            pending += Metrics.sum(stack.config().baseUri(s), "parley_events_pending");
        }
        return pending;
    }

    private static CallReport sampleCall() throws Exception {
        StackConfig c = stack.config();
        try (SimulatedCaller caller = SimulatedCaller.call(c.gatewayMediaUri(), c.secrets().twilioAuthToken(), "acme",
                new CallerVoice(), SampleCall.TURN_QUIET)) {
            CallReport report = SampleCall.acmeScript().run(caller, "acme", transcriber);
            SampleCall.print(report);
            assertEquals(1000, report.close().code(), report.close().toString());
            assertFalse(report.close().closedByCaller(), "the agent hangs up after goodbye");
            assertEquals(4, report.turns().size(), report.conversation());
            assertTrue(report.protocolProblems().isEmpty(), Objects.toString(report.protocolProblems()));
            return report;
        }
    }
}
