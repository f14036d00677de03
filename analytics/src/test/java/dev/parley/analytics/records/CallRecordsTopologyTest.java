package dev.parley.analytics.records;

import dev.parley.analytics.TopologyHarness;
import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.billing.BillingTopology;
import dev.parley.analytics.billing.Rounding;
import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BackendFailover;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.contracts.events.TransferNotReached;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.TurnLatency;
import dev.parley.contracts.events.UserTurnEvent;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallRecordsTopologyTest {
    private static final Duration RETENTION = Duration.ofDays(2);
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** An hour before the driver's wall clock, which starts at the real time: well inside the retention. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    private TopologyHarness topology;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        topology = new TopologyHarness(new BillingPolicy(Rounding.SECOND, Map.of()), stateDir, new Properties(),
                new RecordsSettings(RETENTION, Duration.ofMinutes(10)));
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void aCallsEventsFoldIntoItsRecordWithWhatTheCallerHeard() {
        sendCall("acme", "c-1", T0);

        CallRecord call = topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "c-1");
        CallRecordView view = CallRecordView.of(call, null);
        assertEquals("+15550001", view.caller());
        assertEquals("+15550002", view.dialled());
        assertEquals("twilio", view.transport());
        assertEquals(T0, view.startedAt());
        assertTrue(view.startKnown());
        assertEquals(T0.plusSeconds(40), view.endedAt());
        assertEquals(40_000L, view.durationMs());
        assertEquals("agent-hangup", view.endReason());
        assertEquals(TRACE, view.traceId(), "from the traceparent of call.started");
        assertEquals(3, view.turns().size());

        CallRecord.Turn greeting = view.turns().get(0);
        assertNull(greeting.callerText());
        assertEquals("Hello, this is Acme.", greeting.agentHeard());
        CallRecord.Turn order = view.turns().get(1);
        assertEquals("where is my order one two three four", order.callerText());
        assertEquals("Your order shipped on Monday and arrives on Friday.", order.agentGenerated());
        assertEquals("Your order shipped on", order.agentHeard(), "what played before the caller cut in");
        assertTrue(order.interrupted());
        assertFalse(order.falseInterruption());
        assertEquals(Map.of("sttFinal", 150L, "firstBrainText", 400L, "firstTtsAudio", 600L, "firstAudioSent", 650L,
                "firstAudible", 840L), order.latencyMs());
        assertEquals(List.of("sttFinal", "firstBrainText", "firstTtsAudio", "firstAudioSent", "firstAudible"),
                List.copyOf(order.latencyMs().keySet()), "in stage order");
        CallRecord.Turn bye = view.turns().get(2);
        assertFalse(bye.interrupted(), "a false interruption: the agent resumed");
        assertTrue(bye.falseInterruption());
        assertEquals("Goodbye!", bye.agentHeard());

        assertEquals(1, view.tools().size());
        assertEquals("order_status", view.tools().get(0).name());
        assertEquals(1, view.tools().get(0).turnId());
        assertTrue(view.tools().get(0).ok());
        assertEquals(120, view.tools().get(0).durationMs());
        assertEquals(List.of("festival"), view.fallbacks().stream().map(CallRecord.Fallback::failedEngine).toList());
        assertEquals(List.of("recovered"), view.failovers().stream().map(CallRecord.Failover::outcome).toList());
        assertEquals(2, view.errors(), "one fallback, one failover");
        assertFalse(view.transferred());

        CallSummary listed = topology.kv(CallRecordsTopology.CALL_INDEX_STORE, CallIndexKey.of("acme", T0, "c-1"));
        assertNotNull(listed, "listed under the tenant, by start");
        assertEquals(new CallSummary("acme", "c-1", "+15550001", "+15550002", "twilio", T0, T0.plusSeconds(40),
                40_000L, "agent-hangup", false, 2, 3, 1), listed);
    }

    @Test
    void redeliveredEventsChangeNothing() {
        sendCall("acme", "c-1", T0);
        CallRecordView once = CallRecordView.of(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "c-1"), null);
        sendCall("acme", "c-1", T0);
        CallRecordView twice = CallRecordView.of(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "c-1"), null);
        assertEquals(once, twice);
        assertEquals(1, topology.all(CallRecordsTopology.CALL_INDEX_STORE).size());
    }

    @Test
    void aLateCallStartedMovesTheCallToItsStartInTheList() {
        topology.send(new UserTurnEvent("acme", "c-2", T0.plusSeconds(5), 1, "hello", 0.9, "speech"));
        assertEquals(List.of(CallIndexKey.of("acme", T0.plusSeconds(5), "c-2")), indexKeys());
        topology.send(new CallStarted("acme", "c-2", T0, "telnyx", "+1", "+2"));
        assertEquals(List.of(CallIndexKey.of("acme", T0, "c-2")), indexKeys(), "the old entry is deleted");
        assertEquals(List.of(CallIndexKey.expiry(T0, "c-2")), keys(CallRecordsTopology.CALL_EXPIRY_STORE));
    }

    @Test
    void aWarmTransferThatReachedNobodyIsRecordedWithWhyAndIsNoTransfer() {
        topology.send(new CallStarted("acme", "w-1", T0, "sip", "+15550001", "+15550002"));
        topology.send(new TransferRequested("acme", "w-1", T0.plusSeconds(20), 3, "sip:desk", "asked for a person"));
        topology.send(new TransferNotReached("acme", "w-1", T0.plusSeconds(45), 3, "sip:desk", "busy"));
        topology.send(new CallEnded("acme", "w-1", T0.plusSeconds(90), 90_000, "caller-hangup", 5, 6));

        CallRecordView view = CallRecordView.of(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "w-1"), null);
        assertEquals(new CallRecord.Transfer(T0.plusSeconds(20), 3, "sip:desk", "asked for a person", "busy"),
                view.transfer());
        assertFalse(view.transferred());
    }

    @Test
    void recordsArePurgedAfterTheRetentionAndTheChangelogGetsTombstones() {
        sendCall("acme", "old", T0);
        sendCall("acme", "new", T0.plus(Duration.ofDays(1)));
        TestOutputTopic<String, String> changelog = changelog(CallRecordsTopology.CALL_RECORDS_STORE);
        changelog.readKeyValuesToList();

        // The old call started an hour before the wall clock: 2 h short of the retention it is kept, not 1 h after.
        topology.advanceWallClock(RETENTION.minus(Duration.ofHours(2)));
        assertNotNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "old"), "not yet past retention");
        topology.advanceWallClock(Duration.ofHours(2));
        assertNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "old"));
        assertNotNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "new"));
        assertEquals(List.of(CallIndexKey.of("acme", T0.plus(Duration.ofDays(1)), "new")), indexKeys());
        assertEquals(1, keys(CallRecordsTopology.CALL_EXPIRY_STORE).size());
        assertEquals(List.of(KeyValue.pair("old", null)), changelog.readKeyValuesToList());
        assertNotNull(topology.value(BillingTopology.CALL_BILLING_STORE, "old"), "billing is kept for invoicing");
    }

    @Test
    void aCallAlreadyPastRetentionIsNotKept() {
        sendCall("acme", "ancient", T0.minus(RETENTION));
        assertNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "ancient"));
        assertEquals(List.of(), indexKeys());
    }

    @Test
    void anErasureDeletesTheRecordAndKeepsLateEventsFromBringingItBack() {
        sendCall("acme", "c-1", T0);
        sendCall("acme", "c-2", T0.plusSeconds(60));
        TestOutputTopic<String, String> records = changelog(CallRecordsTopology.CALL_RECORDS_STORE);
        TestOutputTopic<String, String> index = changelog(CallRecordsTopology.CALL_INDEX_STORE);
        records.readKeyValuesToList();
        index.readKeyValuesToList();

        erase("globex", "c-1");
        assertNotNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "c-1"), "another tenant cannot erase it");

        erase("acme", "c-1");
        assertNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "c-1"));
        assertEquals(List.of(CallIndexKey.of("acme", T0.plusSeconds(60), "c-2")), indexKeys());
        assertEquals(List.of(KeyValue.pair("c-1", null)), records.readKeyValuesToList(), "tombstone");
        assertEquals(List.of(KeyValue.pair(CallIndexKey.of("acme", T0, "c-1"), null)), index.readKeyValuesToList());

        // The outbox redelivers an event of the erased call: still nothing kept.
        topology.send(new UserTurnEvent("acme", "c-1", T0.plusSeconds(3), 1, "my number is 555", 0.9, "speech"));
        assertNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "c-1"));
        assertNotNull(topology.value(BillingTopology.CALL_BILLING_STORE, "c-1"), "billing is kept for invoicing");

        // The marker (no personal data) is forgotten after the retention too.
        assertEquals(List.of("c-1"), keys(CallRecordsTopology.ERASED_STORE));
        topology.advanceWallClock(RETENTION.plus(Duration.ofMinutes(20)));
        assertEquals(List.of(), keys(CallRecordsTopology.ERASED_STORE));
    }

    @Test
    void malformedErasureRequestsAreSkipped() {
        topology.sendRaw(CallRecordsTopology.ERASURES_TOPIC, "c-1", "{nope".getBytes(StandardCharsets.UTF_8), T0);
        assertEquals(1, topology.skipped.count());
    }

    private void erase(String tenant, String callId) {
        topology.sendRaw(CallRecordsTopology.ERASURES_TOPIC, callId, CallRecordsTopology.ERASURE_SERDE.serializer()
                .serialize(null, new ErasureRequest(tenant, callId, Instant.now())), Instant.now());
    }

    /** A realistic call: greeting, an order question answered with a tool and cut short, a goodbye. */
    private void sendCall(String tenant, String callId, Instant at) {
        RecordHeaders callSpan = new RecordHeaders();
        callSpan.add("traceparent", ("00-" + TRACE + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        topology.send(new CallStarted(tenant, callId, at, "twilio", "+15550001", "+15550002"), callSpan);
        List<CallEvent> events = new ArrayList<>();
        events.add(new AgentTurnEvent(tenant, callId, at.plusSeconds(2), 0, "Hello, this is Acme.",
                "Hello, this is Acme.", false, "flow"));
        long eos = at.plusSeconds(8).toEpochMilli();
        events.add(new UserTurnEvent(tenant, callId, at.plusSeconds(8), 1, "where is my order one two three four",
                0.93, "speech"));
        events.add(new ToolInvoked(tenant, callId, at.plusSeconds(9), 1, "order_status", Map.of("order", "1234"),
                true, 120));
        events.add(new EngineFallback(tenant, callId, at.plusSeconds(9), "tts", "festival", "flite", "timeout"));
        events.add(new BargeIn(tenant, callId, at.plusSeconds(11), 1, "Your order shipped", false));
        events.add(new AgentTurnEvent(tenant, callId, at.plusSeconds(11), 1,
                "Your order shipped on Monday and arrives on Friday.", "Your order shipped on", true, "flow"));
        events.add(new TurnLatency(tenant, callId, Instant.ofEpochMilli(eos), 1, eos, eos + 150, eos + 400,
                eos + 600, eos + 650, eos + 840));
        events.add(new BackendFailover(tenant, callId, at.plusSeconds(20), "stt", "recovered", 800, "UNAVAILABLE"));
        events.add(new UserTurnEvent(tenant, callId, at.plusSeconds(30), 2, "goodbye", 0.99, "speech"));
        events.add(new BargeIn(tenant, callId, at.plusSeconds(32), 2, "Good", true));
        events.add(new AgentTurnEvent(tenant, callId, at.plusSeconds(33), 2, "Goodbye!", "Goodbye!", false, "flow"));
        events.forEach(topology::send);
        topology.send(new CallEnded(tenant, callId, at.plusSeconds(40), 40_000, "agent-hangup", 2, 3), callSpan);
    }

    private List<String> indexKeys() {
        return keys(CallRecordsTopology.CALL_INDEX_STORE);
    }

    private List<String> keys(String store) {
        return topology.all(store).stream().map(entry -> entry.key).toList();
    }

    private TestOutputTopic<String, String> changelog(String store) {
        return topology.output(TopologyHarness.APPLICATION_ID + "-" + store + "-changelog", new StringDeserializer());
    }
}
