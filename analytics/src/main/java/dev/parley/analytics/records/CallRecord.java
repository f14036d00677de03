package dev.parley.analytics.records;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.parley.analytics.latency.Stage;
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

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one call left on the event topics, folded in whatever order its events arrive and idempotent under
 * redelivery: turns are keyed by turn id, tools, fallbacks and failovers by their identity, so an event delivered
 * twice (the publishers' outbox delivers at least once) changes nothing. Kept in the {@code call-records} store.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CallRecord {
    static final String ERROR_REASON = "error";
    static final String TRANSFERRED_REASON = "transferred";
    static final String TRANSFER_FAILED_REASON = "transfer-failed";

    String tenantId;
    String callId;
    String caller;
    String dialled;
    String transport;
    /** From call.started; until it arrives, the earliest event seen ({@link #startKnown} false). */
    Instant startedAt;
    boolean startKnown;
    Instant endedAt;
    Long durationMs;
    String endReason;
    Transfer transfer;
    String traceId;
    TreeMap<Long, Turn> turns = new TreeMap<>();
    TreeMap<String, Tool> tools = new TreeMap<>();
    TreeMap<String, Fallback> fallbacks = new TreeMap<>();
    TreeMap<String, Failover> failovers = new TreeMap<>();

    /** One exchange: what the caller said (as recognized) and what the agent said and the caller heard of it. */
    public record Turn(long turnId, String callerText, String callerSource, Double confidence,
                       String agentGenerated, String agentHeard, boolean interrupted, boolean falseInterruption,
                       String brain, Instant endOfSpeechAt, Map<String, Long> latencyMs) {
        static Turn empty(long turnId) {
            return new Turn(turnId, null, null, null, null, null, false, false, null, null, null);
        }
    }

    public record Tool(long turnId, String name, Map<String, String> arguments, boolean ok, long durationMs,
                       Instant at) {
    }

    public record Fallback(Instant at, String stage, String failedEngine, String nextEngine, String error) {
    }

    public record Failover(Instant at, String stage, String outcome, long downMs, String error) {
    }

    /** @param notReached why a warm transfer reached nobody (busy, no-answer, ...); null: it was not reported failed */
    public record Transfer(Instant at, long turnId, String target, String reason, String notReached) {
    }

    /** Folds one event in; {@code traceId} is the trace of the span it was published in, if it said. */
    public CallRecord apply(CallEvent event, String eventTraceId) {
        tenantId = event.tenantId();
        callId = event.callId();
        if (!startKnown && (startedAt == null || event.timestamp().isBefore(startedAt))) {
            startedAt = event.timestamp();
        }
        // call.* events are published in the call's root span: their trace is the call's. Others may name none.
        boolean callSpan = event instanceof CallStarted || event instanceof CallEnded;
        if (eventTraceId != null && (traceId == null || callSpan)) {
            traceId = eventTraceId;
        }
        if (event instanceof CallStarted started) {
            startedAt = started.timestamp();
            startKnown = true;
            caller = started.from();
            dialled = started.to();
            transport = started.transport();
        } else if (event instanceof CallEnded ended) {
            endedAt = ended.timestamp();
            durationMs = ended.durationMs();
            endReason = ended.reason();
        } else if (event instanceof UserTurnEvent user) {
            Turn t = turn(user.turnId());
            turns.put(t.turnId(), new Turn(t.turnId(), user.text(), user.source(), user.confidence(),
                    t.agentGenerated(), t.agentHeard(), t.interrupted(), t.falseInterruption(), t.brain(),
                    t.endOfSpeechAt(), t.latencyMs()));
        } else if (event instanceof AgentTurnEvent agent) {
            Turn t = turn(agent.turnId());
            // The agent turn says what was heard once the turn is over: it wins over a barge-in's earlier guess.
            turns.put(t.turnId(), new Turn(t.turnId(), t.callerText(), t.callerSource(), t.confidence(),
                    agent.generatedText(), agent.heardText(), agent.interrupted() || t.interrupted(),
                    t.falseInterruption(), agent.brain(), t.endOfSpeechAt(), t.latencyMs()));
        } else if (event instanceof BargeIn bargeIn) {
            Turn t = turn(bargeIn.turnId());
            boolean real = !bargeIn.falseInterruption();
            String heard = t.agentHeard() == null && real ? bargeIn.heardText() : t.agentHeard();
            turns.put(t.turnId(), new Turn(t.turnId(), t.callerText(), t.callerSource(), t.confidence(),
                    t.agentGenerated(), heard, t.interrupted() || real, t.falseInterruption() || !real, t.brain(),
                    t.endOfSpeechAt(), t.latencyMs()));
        } else if (event instanceof TurnLatency latency) {
            Turn t = turn(latency.turnId());
            turns.put(t.turnId(), new Turn(t.turnId(), t.callerText(), t.callerSource(), t.confidence(),
                    t.agentGenerated(), t.agentHeard(), t.interrupted(), t.falseInterruption(), t.brain(),
                    latency.endOfSpeechMs() > 0 ? Instant.ofEpochMilli(latency.endOfSpeechMs()) : null,
                    stages(latency)));
        } else if (event instanceof ToolInvoked tool) {
            tools.put(tool.timestamp().toEpochMilli() + "/" + tool.turnId() + "/" + tool.tool(),
                    new Tool(tool.turnId(), tool.tool(), tool.arguments(), tool.ok(), tool.durationMs(),
                            tool.timestamp()));
        } else if (event instanceof EngineFallback fallback) {
            fallbacks.put(fallback.timestamp().toEpochMilli() + "/" + fallback.stage() + "/" + fallback.failedEngine(),
                    new Fallback(fallback.timestamp(), fallback.stage(), fallback.failedEngine(),
                            fallback.nextEngine(), fallback.error()));
        } else if (event instanceof BackendFailover failover) {
            failovers.put(failover.timestamp().toEpochMilli() + "/" + failover.stage() + "/" + failover.outcome(),
                    new Failover(failover.timestamp(), failover.stage(), failover.outcome(), failover.downMs(),
                            failover.error()));
        } else if (event instanceof TransferRequested transferRequested) {
            transfer = new Transfer(transferRequested.timestamp(), transferRequested.turnId(),
                    transferRequested.target(), transferRequested.reason(), null);
        } else if (event instanceof TransferNotReached notReached && transfer != null
                && transfer.turnId() == notReached.turnId()) {
            transfer = new Transfer(transfer.at(), transfer.turnId(), transfer.target(), transfer.reason(),
                    notReached.outcome());
        }
        return this;
    }

    /** Milliseconds from the end of the caller's speech to each stage that happened, in stage order. */
    private static Map<String, Long> stages(TurnLatency latency) {
        Map<String, Long> stages = new LinkedHashMap<>();
        for (Stage stage : Stage.values()) {
            long ms = stage.sinceEndOfSpeech(latency);
            if (ms != Stage.NOT_MEASURED) {
                stages.put(stage.jsonName(), ms);
            }
        }
        return stages;
    }

    private Turn turn(long turnId) {
        return turns.getOrDefault(turnId, Turn.empty(turnId));
    }

    boolean transferred() {
        return transfer != null && transfer.notReached() == null && !TRANSFER_FAILED_REASON.equals(endReason)
                || TRANSFERRED_REASON.equals(endReason);
    }

    /** Engine fallbacks, backend failovers, and an end in error: what the {@code errors} filter looks for. */
    int errors() {
        return fallbacks.size() + failovers.size() + (ERROR_REASON.equals(endReason) ? 1 : 0);
    }

    int interruptions() {
        return (int) turns.values().stream().filter(Turn::interrupted).count();
    }

    public String tenantId() {
        return tenantId;
    }

    public String callId() {
        return callId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    CallSummary summary() {
        return new CallSummary(tenantId, callId, caller, dialled, transport, startedAt, endedAt, durationMs,
                endReason, transferred(), errors(), turns.size(), interruptions());
    }
}
