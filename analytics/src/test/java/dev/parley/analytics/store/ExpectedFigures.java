package dev.parley.analytics.store;

import dev.parley.analytics.billing.UsagePeriod;
import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.TurnLatency;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The figures one tenant's events must add up to, counted straight from the events sent (billing per started
 * second), to check that an answer is complete and not only the same on every instance.
 */
final class ExpectedFigures {
    /** Calls, billed seconds and duration of a set of ended calls. */
    static final class Usage {
        long calls;
        long billedSeconds;
        long durationMs;

        void add(CallEnded ended) {
            calls++;
            billedSeconds += (ended.durationMs() + 999) / 1000;
            durationMs += ended.durationMs();
        }
    }

    final String tenant;
    final Usage usage = new Usage();
    final Map<String, Usage> daily = new TreeMap<>();
    final Map<String, Usage> monthly = new TreeMap<>();
    final Map<String, CallEnded> endedCalls = new TreeMap<>();
    /** Calls per UTC day of their first event (CallStarted), as the daily rates count them. */
    final Map<String, Long> callsByStartDay = new TreeMap<>();
    long agentTurns;
    long bargeIns;
    long transferredCalls;
    long turnLatencies;

    private ExpectedFigures(String tenant) {
        this.tenant = tenant;
    }

    static ExpectedFigures of(String tenant, List<CallEvent> events) {
        ExpectedFigures expected = new ExpectedFigures(tenant);
        Set<String> transferred = new HashSet<>();
        for (CallEvent event : events) {
            if (event instanceof CallEnded) {
                CallEnded ended = (CallEnded) event;
                expected.usage.add(ended);
                expected.daily.computeIfAbsent(UsagePeriod.DAY.of(ended.timestamp()), d -> new Usage()).add(ended);
                expected.monthly.computeIfAbsent(UsagePeriod.MONTH.of(ended.timestamp()), m -> new Usage())
                        .add(ended);
                expected.endedCalls.put(ended.callId(), ended);
                if ("transferred".equals(ended.reason())) {
                    transferred.add(ended.callId());
                }
            } else if (event instanceof CallStarted) {
                expected.callsByStartDay.merge(UsagePeriod.DAY.of(event.timestamp()), 1L, Long::sum);
            } else if (event instanceof AgentTurnEvent) {
                expected.agentTurns++;
            } else if (event instanceof BargeIn && !((BargeIn) event).falseInterruption()) {
                expected.bargeIns++;
            } else if (event instanceof TransferRequested) {
                transferred.add(event.callId());
            } else if (event instanceof TurnLatency) {
                expected.turnLatencies++;
            }
        }
        expected.transferredCalls = transferred.size();
        return expected;
    }
}
