package dev.parley.analytics.rates;

/**
 * What one call adds to its tenant's rates: the counts of {@link CallFacts} without the sets behind them. The
 * tenant aggregates are fed these small records (old and new, through repartition topics) instead of the call's
 * whole facts, which grow with its turns.
 */
public record CallContribution(String tenantId, String day, boolean ended, int agentTurns, int bargeIns,
                               int falseInterruptions, boolean transferred, boolean endedInError, int fallbacks,
                               int endedUserTurns, boolean resolvedWithoutTransfer) {

    static CallContribution of(CallFacts call, String day) {
        return new CallContribution(call.tenantId(), day, call.ended, call.agentTurns.size(), call.bargeIns.size(),
                call.falseInterruptions.size(), call.ended && call.transferred(), call.endedInError(),
                call.fallbacks.size(), call.ended ? call.endedUserTurns : 0, call.resolvedWithoutTransfer());
    }
}
