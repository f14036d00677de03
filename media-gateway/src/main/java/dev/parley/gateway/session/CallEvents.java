package dev.parley.gateway.session;

import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BackendFailover;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.TransferNotReached;
import dev.parley.contracts.events.TransferRequested;
import dev.parley.contracts.events.UserTurnEvent;
import dev.parley.contracts.events.CallEvent;
import dev.parley.events.EventPublisher;
import dev.parley.gateway.tracing.CallTrace;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one call, with its tenant and call id filled in, each published in its turn's (or the call's) trace
 * context so its Kafka record names the span it belongs to. Publishing never blocks (durable outbox). What the caller
 * or the agent said is masked with the tenant's redaction policy: events leave the live path. When the policy masks
 * values only the brain recognizes (a name), a caller's turn is held until the brain has answered it, or the next turn
 * or the end of the call comes first, and is published then, masked with what the brain named, with its own time.
 */
final class CallEvents {
    private final EventPublisher publisher;
    private final String tenantId;
    private final String callId;
    private final CallTrace trace;
    private final CallRedaction redaction;
    private final List<HeldTurn> held = new ArrayList<>();

    /** A caller's turn waiting for the brain to name what it recognized in it. */
    private record HeldTurn(Context context, Instant at, long turnId, String text, double confidence) {
    }

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
        publishHeldTurns();
        if ("dtmf".equals(source)) {
            publish(trace.context(turnId), new UserTurnEvent(tenantId, callId, Instant.now(), turnId,
                    redaction.maskKeys(text), confidence, source));
        } else if (redaction.waitsForRecognizedValues()) {
            held.add(new HeldTurn(trace.context(turnId), Instant.now(), turnId, text, confidence));
        } else {
            publish(trace.context(turnId), new UserTurnEvent(tenantId, callId, Instant.now(), turnId,
                    redaction.mask(text), confidence, source));
        }
    }

    /** The brain answered a turn (and named what it recognized): the caller's turns held for it are published. */
    void publishHeldTurns() {
        for (HeldTurn turn : held) {
            publish(turn.context(), new UserTurnEvent(tenantId, callId, turn.at(), turn.turnId(),
                    redaction.mask(turn.text()), turn.confidence(), "speech"));
        }
        held.clear();
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

    void transferNotReached(long turnId, String target, String outcome) {
        publish(trace.context(turnId), new TransferNotReached(tenantId, callId, Instant.now(), turnId, target,
                outcome));
    }

    void latency(AgentTurn turn) {
        publish(trace.context(turn.turnId), turn.timeline.toEvent(tenantId, callId, turn.turnId));
    }

    void failover(String stage, String outcome, long downMs, String error) {
        publish(trace.callContext(), new BackendFailover(tenantId, callId, Instant.now(), stage, outcome, downMs, error));
    }

    void ended(long atMs, long durationMs, String reason, int userTurns, int agentTurns) {
        publishHeldTurns();
        publish(trace.callContext(), new CallEnded(tenantId, callId, Instant.ofEpochMilli(atMs), durationMs, reason,
                userTurns, agentTurns));
    }

    private void publish(Context context, CallEvent event) {
        try (Scope ignored = context.makeCurrent()) {
            publisher.publish(event);
        }
    }
}
