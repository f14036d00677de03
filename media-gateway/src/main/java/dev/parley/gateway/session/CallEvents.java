package dev.parley.gateway.session;

import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.UserTurnEvent;
import dev.parley.events.EventPublisher;

import java.time.Instant;

/** The events of one call, with its tenant and call id filled in. Publishing never blocks (durable outbox). */
final class CallEvents {
    private final EventPublisher publisher;
    private final String tenantId;
    private final String callId;

    CallEvents(EventPublisher publisher, CallInfo info) {
        this.publisher = publisher;
        this.tenantId = info.tenantId();
        this.callId = info.callId();
    }

    void started(long atMs, String transport, String from, String to) {
        publisher.publish(new CallStarted(tenantId, callId, Instant.ofEpochMilli(atMs), transport, from, to));
    }

    void userTurn(long turnId, String text, double confidence, String source) {
        publisher.publish(new UserTurnEvent(tenantId, callId, Instant.now(), turnId, text, confidence, source));
    }

    void agentTurn(AgentTurn turn, String heard, boolean interrupted) {
        publisher.publish(new AgentTurnEvent(tenantId, callId, Instant.now(), turn.turnId, turn.generatedText(), heard,
                interrupted, turn.brain));
    }

    void bargeIn(long turnId, String heard) {
        publisher.publish(new BargeIn(tenantId, callId, Instant.now(), turnId, heard, false));
    }

    void transfer(long turnId, String target, String reason) {
        publisher.publish(new TransferRequested(tenantId, callId, Instant.now(), turnId, target, reason));
    }

    void latency(AgentTurn turn) {
        publisher.publish(turn.timeline.toEvent(tenantId, callId, turn.turnId));
    }

    void ended(long atMs, long durationMs, String reason, int userTurns, int agentTurns) {
        publisher.publish(new CallEnded(tenantId, callId, Instant.ofEpochMilli(atMs), durationMs, reason, userTurns,
                agentTurns));
    }
}
