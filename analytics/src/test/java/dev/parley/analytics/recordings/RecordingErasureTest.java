package dev.parley.analytics.recordings;

import dev.parley.analytics.TopologyHarness;
import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.billing.Rounding;
import dev.parley.analytics.records.CallRecordsTopology;
import dev.parley.analytics.records.ErasureRequest;
import dev.parley.analytics.records.RecordsSettings;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An erasure applied by the call records' task deletes the call's recording files as well, idempotently. */
class RecordingErasureTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    @TempDir
    Path stateDir;
    @TempDir
    Path root;

    private TopologyHarness topology;

    @BeforeEach
    void start() {
        topology = new TopologyHarness(new BillingPolicy(Rounding.SECOND, Map.of()), stateDir, new Properties(),
                RecordsSettings.DEFAULT, new LocalRecordingStore(root));
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void anErasureDeletesTheCallsRecordingAndSidecarOnly() {
        call("acme", "CA-1");
        call("acme", "CA-2");
        RecordingFiles.write(root, "acme", "CA-1", T0, 500);
        RecordingFiles.writeInProgress(root, "acme", "CA-1");
        RecordingFiles.write(root, "acme", "CA-2", T0, 500);

        erase("globex", "CA-1"); // not globex's call: ignored, like the record
        assertTrue(Files.exists(root.resolve("acme/CA-1.wav")));
        assertNotNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "CA-1"));

        erase("acme", "CA-1");
        assertNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "CA-1"));
        assertFalse(Files.exists(root.resolve("acme/CA-1.wav")));
        assertFalse(Files.exists(root.resolve("acme/CA-1.json")));
        assertFalse(Files.exists(root.resolve("acme/CA-1.wav.part")));
        assertTrue(Files.exists(root.resolve("acme/CA-2.wav")), "another call's recording stays");
        assertTrue(Files.exists(root.resolve("acme/CA-2.json")));

        erase("acme", "CA-1"); // redelivered: nothing left to delete, nothing fails
        assertNull(topology.kv(CallRecordsTopology.CALL_RECORDS_STORE, "CA-1"));
    }

    @Test
    void anErasureWithIdsNoRecordingCanHaveTouchesNoFile() {
        RecordingFiles.write(root, "acme", "CA-1", T0, 500);
        erase("acme", "../acme/CA-1");
        assertTrue(Files.exists(root.resolve("acme/CA-1.wav")));
    }

    private void call(String tenant, String callId) {
        topology.send(new CallStarted(tenant, callId, T0, "twilio", "+15550001", "+15550002"));
        topology.send(new CallEnded(tenant, callId, T0.plusSeconds(10), 10_000, "caller-hangup", 1, 1));
    }

    private void erase(String tenant, String callId) {
        topology.sendRaw(CallRecordsTopology.ERASURES_TOPIC, callId, CallRecordsTopology.ERASURE_SERDE.serializer()
                .serialize(null, new ErasureRequest(tenant, callId, Instant.now())), Instant.now());
    }
}
