package dev.parley.analytics.rates;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.parley.contracts.events.AgentTurnEvent;
import dev.parley.contracts.events.BargeIn;
import dev.parley.contracts.events.CallEnded;
import dev.parley.contracts.events.CallEvent;
import dev.parley.contracts.events.CallStarted;
import dev.parley.contracts.events.EngineFallback;
import dev.parley.contracts.events.TransferNotReached;
import dev.parley.contracts.events.TransferRequested;

import java.util.TreeSet;

/**
 * What is known about one call, built from its events in any order and idempotent under redelivery: turns and
 * barge-ins are sets of turn ids and fallbacks a set of identities, so an event delivered twice (the publishers'
 * outbox delivers at least once) counts once. Tenant rates are sums of these, kept exact by subtracting a call's
 * previous facts before adding its new ones.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CallFacts {
    static final String ERROR_REASON = "error";
    static final String TRANSFERRED_REASON = "transferred";
    /** A transfer that never reached the person and ended the call (a refused REFER, a caller who left waiting). */
    static final String TRANSFER_FAILED_REASON = "transfer-failed";

    String tenantId;
    /** Earliest event time seen, epoch ms: the call's day for daily rates. */
    long firstEventMs = Long.MAX_VALUE;
    TreeSet<Long> agentTurns = new TreeSet<>();
    TreeSet<Long> bargeIns = new TreeSet<>();
    TreeSet<Long> falseInterruptions = new TreeSet<>();
    TreeSet<String> fallbacks = new TreeSet<>();
    boolean transferRequested;
    boolean ended;
    String endReason;
    int endedUserTurns;
    int endedAgentTurns;

    /** Events that change a call's facts; the rest (user turns, tools, engine usage) are not worth a store write. */
    static boolean matters(CallEvent event) {
        return event instanceof CallStarted || event instanceof CallEnded || event instanceof AgentTurnEvent
                || event instanceof BargeIn || event instanceof EngineFallback || event instanceof TransferRequested
                || event instanceof TransferNotReached;
    }

    /** Folds one event in; a call start only makes the call known and dates it. */
    public CallFacts apply(CallEvent event) {
        tenantId = event.tenantId();
        firstEventMs = Math.min(firstEventMs, event.timestamp().toEpochMilli());
        if (event instanceof AgentTurnEvent) {
            agentTurns.add(((AgentTurnEvent) event).turnId());
        } else if (event instanceof BargeIn) {
            BargeIn bargeIn = (BargeIn) event;
            (bargeIn.falseInterruption() ? falseInterruptions : bargeIns).add(bargeIn.turnId());
        } else if (event instanceof EngineFallback) {
            EngineFallback fallback = (EngineFallback) event;
            fallbacks.add(fallback.timestamp().toEpochMilli() + "/" + fallback.stage() + "/"
                    + fallback.failedEngine());
        } else if (event instanceof TransferRequested) {
            transferRequested = true;
        } else if (event instanceof TransferNotReached) {
            // A warm transfer that reached nobody: the caller stayed with the agent (or hung up waiting).
            transferRequested = false;
        } else if (event instanceof CallEnded) {
            CallEnded end = (CallEnded) event;
            ended = true;
            endReason = end.reason();
            endedUserTurns = end.userTurns();
            endedAgentTurns = end.agentTurns();
        }
        return this;
    }

    @JsonIgnore
    boolean transferred() {
        return transferRequested && !TRANSFER_FAILED_REASON.equals(endReason) || TRANSFERRED_REASON.equals(endReason);
    }

    @JsonIgnore
    boolean endedInError() {
        return ended && ERROR_REASON.equals(endReason);
    }

    /** Ended on its own: neither handed to a human, nor left wanting one, nor failed. */
    @JsonIgnore
    boolean resolvedWithoutTransfer() {
        return ended && !transferred() && !endedInError() && !TRANSFER_FAILED_REASON.equals(endReason);
    }

    String tenantId() {
        return tenantId;
    }

    long firstEventMs() {
        return firstEventMs;
    }
}
