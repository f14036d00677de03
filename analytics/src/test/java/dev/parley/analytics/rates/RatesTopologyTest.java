package dev.parley.analytics.rates;

import dev.parley.analytics.TopologyHarness;
import dev.parley.analytics.billing.BillingPolicy;
import dev.parley.analytics.billing.Rounding;
import dev.parley.analytics.billing.TenantPeriodKey;
import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.events.SpeechSynthesized;
import dev.parley.contracts.events.ToolInvoked;
import dev.parley.contracts.events.Topics;
import dev.parley.contracts.events.TransferNotReached;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.UserTurnEvent;
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

class RatesTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private TopologyHarness topology;
    private TestOutputTopic<String, TenantRates> ratesOut;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        topology = new TopologyHarness(new BillingPolicy(Rounding.SECOND, Map.of()), stateDir);
        ratesOut = topology.output(RatesTopology.RATES_TOPIC, RatesTopology.TENANT_RATES_SERDE.deserializer());
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    @Test
    void interruptionRateIsRealBargeInsPerAgentTurn() {
        started("acme", "c-1");
        for (long turn = 1; turn <= 4; turn++) {
            topology.send(agentTurn("acme", "c-1", turn, turn == 2));
        }
        topology.send(new BargeIn("acme", "c-1", T0.plusSeconds(5), 2, "I can", false));
        topology.send(new BargeIn("acme", "c-1", T0.plusSeconds(9), 3, "Sure", true));

        TenantRates rates = rates("acme");
        assertEquals(4, rates.agentTurns());
        assertEquals(1, rates.bargeIns());
        assertEquals(1, rates.falseInterruptions(), "the agent resumed: not an interruption");
        assertEquals(0.25, rates.interruptionRate(), 1e-9);
    }

    @Test
    void transferErrorResolutionAndTurnsAreCountedOverEndedCalls() {
        // c-1 resolved, c-2 transferred by request, c-3 ended as transferred, c-4 failed, c-5 still running.
        started("acme", "c-1");
        ended("acme", "c-1", "caller-hangup", 4);
        started("acme", "c-2");
        topology.send(new TransferRequested("acme", "c-2", T0.plusSeconds(20), 3, "sip:desk", "asked"));
        ended("acme", "c-2", "agent-hangup", 3);
        started("acme", "c-3");
        ended("acme", "c-3", "transferred", 2);
        started("acme", "c-4");
        topology.send(new EngineFallback("acme", "c-4", T0.plusSeconds(3), "stt", "deepgram", "vosk", "timeout"));
        topology.send(new EngineFallback("acme", "c-4", T0.plusSeconds(4), "tts", "festival", "none", "crash"));
        ended("acme", "c-4", "error", 1);
        started("acme", "c-5");

        TenantRates rates = rates("acme");
        assertEquals(5, rates.calls());
        assertEquals(4, rates.endedCalls());
        assertEquals(2, rates.transferredCalls());
        assertEquals(0.5, rates.transferRate(), 1e-9);
        assertEquals(1, rates.errorCalls());
        assertEquals(2, rates.fallbacks());
        assertEquals(3.0 / 5, rates.errorRate(), 1e-9, "(2 fallbacks + 1 failed call) / 5 calls");
        assertEquals(10.0 / 4, rates.turnsPerCall(), 1e-9);
        assertEquals(1, rates.resolvedWithoutTransfer());
        assertEquals(0.25, rates.resolutionRate(), 1e-9);
    }

    @Test
    void aWarmTransferThatReachedNobodyIsNoTransfer() {
        // w-1: the person was busy and the caller stayed with the agent; w-2: the caller hung up while the person rang.
        started("acme", "w-1");
        topology.send(new TransferRequested("acme", "w-1", T0.plusSeconds(20), 3, "sip:desk", "asked"));
        topology.send(new TransferNotReached("acme", "w-1", T0.plusSeconds(40), 3, "sip:desk", "busy"));
        ended("acme", "w-1", "caller-hangup", 5);
        started("acme", "w-2");
        topology.send(new TransferRequested("acme", "w-2", T0.plusSeconds(20), 2, "sip:desk", "asked"));
        topology.send(new TransferNotReached("acme", "w-2", T0.plusSeconds(30), 2, "sip:desk", "caller-hangup"));
        ended("acme", "w-2", "transfer-failed", 2);
        // r-1: a cold transfer (REFER) the caller's side refused: the call ends transfer-failed.
        started("acme", "r-1");
        topology.send(new TransferRequested("acme", "r-1", T0.plusSeconds(20), 2, "sip:desk", "asked"));
        ended("acme", "r-1", "transfer-failed", 2);

        TenantRates rates = rates("acme");
        assertEquals(3, rates.endedCalls());
        assertEquals(0, rates.transferredCalls(), "nobody was handed to a person");
        assertEquals(1, rates.resolvedWithoutTransfer(), "the caller who left waiting for a person was not helped");
    }

    @Test
    void redeliveredEventsCountOnce() {
        started("acme", "c-1");
        started("acme", "c-1");
        topology.send(agentTurn("acme", "c-1", 1, true));
        topology.send(agentTurn("acme", "c-1", 1, true));
        topology.send(new BargeIn("acme", "c-1", T0.plusSeconds(5), 1, "Hel", false));
        topology.send(new BargeIn("acme", "c-1", T0.plusSeconds(5), 1, "Hel", false));
        EngineFallback fallback = new EngineFallback("acme", "c-1", T0.plusSeconds(6), "stt", "a", "b", "x");
        topology.send(fallback);
        topology.send(fallback);
        topology.send(new TransferRequested("acme", "c-1", T0.plusSeconds(7), 2, "sip:desk", "asked"));
        topology.send(new TransferRequested("acme", "c-1", T0.plusSeconds(7), 2, "sip:desk", "asked"));
        ended("acme", "c-1", "transferred", 2);
        ended("acme", "c-1", "transferred", 2);

        TenantRates rates = rates("acme");
        assertEquals(new TenantRates("acme", TenantRates.ALL_TIME, 1, 1, 1, 1, 0, 1, 0, 1, 2, 0), rates);
        assertEquals(rates, ratesOut.readKeyValuesToMap().get("acme"), "the latest figure is published");
    }

    @Test
    void tenantsAreSeparateAndDailyRatesFollowTheCallsFirstEvent() {
        Instant day1 = Instant.parse("2026-03-01T23:59:00Z");
        topology.send(new CallStarted("acme", "a-1", day1, "twilio", "+1", "+2"));
        // Ends after midnight: still the day it started.
        topology.send(new CallEnded("acme", "a-1", day1.plusSeconds(120), 120_000, "transferred", 2, 2));
        topology.send(new CallStarted("acme", "a-2", day1.plusSeconds(600), "twilio", "+1", "+2"));
        topology.send(new CallEnded("acme", "a-2", day1.plusSeconds(700), 100_000, "caller-hangup", 2, 2));
        started("globex", "g-1");

        TenantRates first = topology.value(RatesTopology.TENANT_RATES_DAILY_STORE,
                TenantPeriodKey.of("acme", "2026-03-01"));
        TenantRates second = topology.value(RatesTopology.TENANT_RATES_DAILY_STORE,
                TenantPeriodKey.of("acme", "2026-03-02"));
        assertEquals(1, first.calls());
        assertEquals(1.0, first.transferRate(), 1e-9);
        assertEquals("2026-03-01", first.period());
        assertEquals(1, second.calls());
        assertEquals(0.0, second.transferRate(), 1e-9);
        assertEquals(2, rates("acme").calls());
        assertEquals(1, rates("globex").calls());
        assertEquals(0, rates("globex").endedCalls());
    }

    @Test
    void eventsWithoutRatesAreIgnoredAndMalformedOnesSkipped() {
        started("acme", "c-1");
        topology.send(new UserTurnEvent("acme", "c-1", T0.plusSeconds(1), 1, "hello", 0.9, "speech"));
        topology.send(new ToolInvoked("acme", "c-1", T0.plusSeconds(2), 1, "lookup", Map.of(), true, 40));
        topology.send(new SpeechSynthesized("acme", "c-1", T0.plusSeconds(3), 1, "festival", 20, 900, 120, false));
        topology.sendRaw(Topics.TURNS, "c-1", "{\"type\":\"turn.unknown\"}".getBytes(StandardCharsets.UTF_8));
        topology.sendRaw(Topics.ENGINES, "c-1", "not json".getBytes(StandardCharsets.UTF_8));

        assertEquals(2, topology.skipped.count());
        assertEquals(new TenantRates("acme", TenantRates.ALL_TIME, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0), rates("acme"));
    }

    private void started(String tenant, String callId) {
        topology.send(new CallStarted(tenant, callId, T0, "twilio", "+15550001", "+15550002"));
    }

    private void ended(String tenant, String callId, String reason, int userTurns) {
        topology.send(new CallEnded(tenant, callId, T0.plusSeconds(60), 60_000, reason, userTurns, userTurns));
    }

    private static AgentTurnEvent agentTurn(String tenant, String callId, long turn, boolean interrupted) {
        return new AgentTurnEvent(tenant, callId, T0.plusSeconds(turn), turn, "Hello there", "Hello", interrupted,
                "flow");
    }

    private TenantRates rates(String tenant) {
        return topology.value(RatesTopology.TENANT_RATES_STORE, tenant);
    }
}
