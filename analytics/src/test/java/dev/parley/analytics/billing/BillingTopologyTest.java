package dev.parley.analytics.billing;

import dev.parley.analytics.TopologyHarness;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.EventCodec;
import dev.parley.contracts.events.Topics;
import dev.parley.contracts.events.TransferRequested;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BillingTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private TopologyHarness topology;
    private TestOutputTopic<String, TenantUsage> usageOut;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        topology = new TopologyHarness(new BillingPolicy(Rounding.SECOND, Map.of("globex", Rounding.MINUTE)),
                stateDir);
        usageOut = topology.output(BillingTopology.USAGE_TOPIC, BillingTopology.TENANT_USAGE_SERDE.deserializer());
    }

    @AfterEach
    void stop() {
        topology.close();
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
        assertEquals(0, topology.skipped.count());
    }

    @Test
    void malformedRecordsAreSkippedAndCounted() {
        end("acme", "a-1", 1_500);
        topology.sendRaw(Topics.CALLS, "a-2", "{not json".getBytes(StandardCharsets.UTF_8));
        topology.sendRaw(Topics.CALLS, "a-3", "{\"type\":\"call.unknown\",\"tenantId\":\"acme\"}".getBytes(StandardCharsets.UTF_8));
        topology.sendRaw(Topics.CALLS, "a-4", null);
        topology.sendRaw(Topics.CALLS, "someone-else", EventCodec.encode(ended("acme", "a-5", 9_000)));
        end("acme", "a-6", 2_000);

        assertEquals(4, topology.skipped.count());
        assertNull(call("a-5"));
        assertEquals(new TenantUsage("acme", 2, 4, 3_500), usage("acme"));
    }

    @Test
    void usageIsTotalledPerUtcDayAndMonthOfTheCallsEnd() {
        send(endedAt("acme", "d-1", "2026-02-28T23:59:59.500Z", 1_000));
        send(endedAt("acme", "d-2", "2026-03-01T00:00:00.100Z", 61_500));
        send(endedAt("acme", "d-3", "2026-03-01T23:00:00Z", 2_000));
        send(endedAt("globex", "g-1", "2026-03-01T12:00:00Z", 1_000));

        assertEquals(new PeriodUsage("acme", "2026-02-28", 1, 1, 1_000), period(UsagePeriod.DAY, "acme", "2026-02-28"));
        assertEquals(new PeriodUsage("acme", "2026-03-01", 2, 64, 63_500),
                period(UsagePeriod.DAY, "acme", "2026-03-01"));
        assertEquals(new PeriodUsage("acme", "2026-02", 1, 1, 1_000), period(UsagePeriod.MONTH, "acme", "2026-02"));
        assertEquals(new PeriodUsage("acme", "2026-03", 2, 64, 63_500), period(UsagePeriod.MONTH, "acme", "2026-03"));
        assertEquals(new PeriodUsage("globex", "2026-03", 1, 60, 1_000),
                period(UsagePeriod.MONTH, "globex", "2026-03"));
        // The periods add up to the all-time figure.
        assertEquals(new TenantUsage("acme", 3, 65, 64_500), usage("acme"));
    }

    @Test
    void aRedeliveredOrCorrectedCallEndMovesBetweenPeriodsWithoutDoubleCounting() {
        send(endedAt("acme", "m-1", "2026-03-31T23:59:00Z", 5_000));
        send(endedAt("acme", "m-1", "2026-03-31T23:59:00Z", 5_000));
        assertEquals(1, period(UsagePeriod.MONTH, "acme", "2026-03").calls());

        // A corrected end (later timestamp, longer call) replaces the first one, even across a month boundary.
        send(endedAt("acme", "m-1", "2026-04-01T00:00:30Z", 95_000));

        assertEquals(new PeriodUsage("acme", "2026-03", 0, 0, 0), period(UsagePeriod.MONTH, "acme", "2026-03"));
        assertEquals(new PeriodUsage("acme", "2026-04", 1, 95, 95_000), period(UsagePeriod.MONTH, "acme", "2026-04"));
        assertEquals(new PeriodUsage("acme", "2026-04-01", 1, 95, 95_000),
                period(UsagePeriod.DAY, "acme", "2026-04-01"));
        assertEquals(new TenantUsage("acme", 1, 95, 95_000), usage("acme"));
    }

    private static CallEnded endedAt(String tenant, String callId, String at, long durationMs) {
        return new CallEnded(tenant, callId, Instant.parse(at), durationMs, "caller-hangup", 2, 2);
    }

    private void end(String tenant, String callId, long durationMs) {
        send(ended(tenant, callId, durationMs));
    }

    private static CallEnded ended(String tenant, String callId, long durationMs) {
        return new CallEnded(tenant, callId, T0.plusMillis(durationMs), durationMs, "caller-hangup", 2, 2);
    }

    private void send(CallEvent event) {
        topology.send(event);
    }

    private CallBilling call(String callId) {
        return topology.value(BillingTopology.CALL_BILLING_STORE, callId);
    }

    private TenantUsage usage(String tenant) {
        return topology.value(BillingTopology.TENANT_USAGE_STORE, tenant);
    }

    private PeriodUsage period(UsagePeriod kind, String tenant, String period) {
        return topology.value(kind == UsagePeriod.DAY ? BillingTopology.TENANT_DAILY_STORE
                : BillingTopology.TENANT_MONTHLY_STORE, TenantPeriodKey.of(tenant, period));
    }
}
