package dev.parley.analytics.billing;

import dev.parley.analytics.ingest.SkippedRecords;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import dev.parley.contracts.events.TransferRequested;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BillingTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final SkippedRecords skipped = new SkippedRecords();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> calls;
    private TestOutputTopic<String, TenantUsage> usageOut;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        BillingPolicy policy = new BillingPolicy(Rounding.SECOND, Map.of("globex", Rounding.MINUTE));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "parley-analytics-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(BillingTopology.build(policy, skipped), config);
        calls = driver.createInputTopic(Topics.CALLS, new StringSerializer(), new ByteArraySerializer());
        usageOut = driver.createOutputTopic(BillingTopology.USAGE_TOPIC, new StringDeserializer(),
                BillingTopology.TENANT_USAGE_SERDE.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void everyStartedSecondIsBilledByDefault() {
        end("acme", "c-1", 1);
        end("acme", "c-2", 1_000);
        end("acme", "c-3", 1_001);
        end("acme", "c-4", 61_999);
        end("acme", "c-5", 0);

        assertEquals(1, call("c-1").billedSeconds());
        assertEquals(1, call("c-2").billedSeconds());
        assertEquals(2, call("c-3").billedSeconds());
        assertEquals(62, call("c-4").billedSeconds());
        assertEquals(0, call("c-5").billedSeconds());
        assertEquals(Rounding.SECOND, call("c-4").rounding());
        assertEquals(new TenantUsage("acme", 5, 66, 64_001), usage("acme"));
    }

    @Test
    void aTenantConfiguredPerMinuteIsBilledEveryStartedMinute() {
        end("globex", "g-1", 1);
        end("globex", "g-2", 60_000);
        end("globex", "g-3", 60_001);

        assertEquals(60, call("g-1").billedSeconds());
        assertEquals(60, call("g-2").billedSeconds());
        assertEquals(120, call("g-3").billedSeconds());
        assertEquals(Rounding.MINUTE, call("g-3").rounding());
        assertEquals(new TenantUsage("globex", 3, 240, 120_002), usage("globex"));
    }

    @Test
    void tenantsAreBilledSeparatelyAndEachChangeIsPublished() {
        end("acme", "a-1", 10_500);
        end("globex", "g-1", 30_000);
        end("acme", "a-2", 2_200);

        assertEquals(new TenantUsage("acme", 2, 14, 12_700), usage("acme"));
        assertEquals(new TenantUsage("globex", 1, 60, 30_000), usage("globex"));
        Map<String, TenantUsage> latest = usageOut.readKeyValuesToMap();
        assertEquals(usage("acme"), latest.get("acme"));
        assertEquals(usage("globex"), latest.get("globex"));
    }

    @Test
    void aCallEndedTwiceIsBilledOnce() {
        end("acme", "a-1", 10_500);
        end("acme", "a-1", 10_500);
        end("acme", "a-2", 1_000);

        assertEquals(new TenantUsage("acme", 2, 12, 11_500), usage("acme"));
    }

    @Test
    void otherCallEventsDoNotCount() {
        send(new CallStarted("acme", "a-1", T0, "twilio", "+1555", "+1666"));
        send(new TransferRequested("acme", "a-1", T0, 3, "sip:desk@example.org", "caller asked"));
        end("acme", "a-1", 4_000);

        assertEquals(new TenantUsage("acme", 1, 4, 4_000), usage("acme"));
        assertEquals(0, skipped.count());
    }

    @Test
    void malformedRecordsAreSkippedAndCounted() {
        end("acme", "a-1", 1_500);
        calls.pipeInput("a-2", "{not json".getBytes(StandardCharsets.UTF_8));
        calls.pipeInput("a-3", "{\"type\":\"call.unknown\",\"tenantId\":\"acme\"}".getBytes(StandardCharsets.UTF_8));
        calls.pipeInput("a-4", (byte[]) null);
        calls.pipeInput("someone-else", EventCodec.encode(ended("acme", "a-5", 9_000)));
        end("acme", "a-6", 2_000);

        assertEquals(4, skipped.count());
        assertNull(call("a-5"));
        assertEquals(new TenantUsage("acme", 2, 4, 3_500), usage("acme"));
    }

    private void end(String tenant, String callId, long durationMs) {
        send(ended(tenant, callId, durationMs));
    }

    private static CallEnded ended(String tenant, String callId, long durationMs) {
        return new CallEnded(tenant, callId, T0.plusMillis(durationMs), durationMs, "caller-hangup", 2, 2);
    }

    private void send(CallEvent event) {
        calls.pipeInput(event.callId(), EventCodec.encode(event));
    }

    private CallBilling call(String callId) {
        ValueAndTimestamp<Object> value = store(BillingTopology.CALL_BILLING_STORE).get(callId);
        return value == null ? null : (CallBilling) value.value();
    }

    private TenantUsage usage(String tenant) {
        ValueAndTimestamp<Object> value = store(BillingTopology.TENANT_USAGE_STORE).get(tenant);
        return value == null ? null : (TenantUsage) value.value();
    }

    private KeyValueStore<String, ValueAndTimestamp<Object>> store(String name) {
        return driver.getTimestampedKeyValueStore(name);
    }
}
