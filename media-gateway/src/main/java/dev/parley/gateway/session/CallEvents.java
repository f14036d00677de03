package dev.parley.gateway.session;

import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BackendFailover;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.UserTurnEvent;
import dev.parley.contracts.events.CallEvent;
import dev.parley.events.EventPublisher;
import dev.parley.gateway.tracing.CallTrace;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.time.Instant;

/**
 * The events of one call, with its tenant and call id filled in, each published in its turn's (or the call's) trace
 * context so its Kafka record names the span it belongs to. Publishing never blocks (durable outbox). What the caller
 * or the agent said is masked with the tenant's redaction policy: events leave the live path.
 */
final class CallEvents {
    private final EventPublisher publisher;
    private final String tenantId;
    private final String callId;
    private final CallTrace trace;
    private final CallRedaction redaction;

    CallEvents(EventPublisher publisher, CallInfo info, CallTrace trace, CallRedaction redaction) {
        this.publisher = publisher;
        this.trace = trace;
        this.redaction = redaction;
        this.tenantId = info.tenantId();
        this.callId = info.callId();
    }

    void started(long atMs, String transport, String from, String to) {
        publish(trace.callContext(),
                new CallStarted(tenantId, callId, Instant.ofEpochMilli(atMs), transport, from, to));
    }

    void userTurn(long turnId, String text, double confidence, String source) {
        publish(trace.context(turnId),
                new UserTurnEvent(tenantId, callId, Instant.now(), turnId,
                        "dtmf".equals(source) ? redaction.maskKeys(text) : redaction.mask(text), confidence, source));
    }

    void agentTurn(AgentTurn turn, String heard, boolean interrupted) {
        publish(trace.context(turn.turnId), new AgentTurnEvent(tenantId, callId, Instant.now(), turn.turnId,
                redaction.mask(turn.generatedText()), redaction.mask(heard), interrupted, turn.brain));
    }

    void bargeIn(long turnId, String heard) {
        publish(trace.context(turnId), new BargeIn(tenantId, callId, Instant.now(), turnId, redaction.mask(heard),
                false));
    }

    void transfer(long turnId, String target, String reason) {
        publish(trace.context(turnId), new TransferRequested(tenantId, callId, Instant.now(), turnId, target,
                redaction.mask(reason)));
    }

    void latency(AgentTurn turn) {
        publish(trace.context(turn.turnId), turn.timeline.toEvent(tenantId, callId, turn.turnId));
    }

    void failover(String stage, String outcome, long downMs, String error) {
        publish(trace.callContext(), new BackendFailover(tenantId, callId, Instant.now(), stage, outcome, downMs, error));
    }

    void ended(long atMs, long durationMs, String reason, int userTurns, int agentTurns) {
        publish(trace.callContext(), new CallEnded(tenantId, callId, Instant.ofEpochMilli(atMs), durationMs, reason,
                userTurns, agentTurns));
    }

    private void publish(Context context, CallEvent event) {
        try (Scope ignored = context.makeCurrent()) {
            publisher.publish(event);
        }
    }
}
