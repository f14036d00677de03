package dev.parley.analytics.rates;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A tenant's conversation figures over a period (all time, or one UTC day by the call's first event), as exact
 * counts plus the rates derived from them. Counts are sums over distinct calls ({@link CallFacts}).
 * <ul>
 * <li>interruption rate = real barge-ins / agent turns (false interruptions, where the agent resumed, are apart)</li>
 * <li>transfer rate = ended calls that were transferred / ended calls</li>
 * <li>error rate = (engine fallbacks + calls ended with reason "error") / calls</li>
 * <li>turns per call = user turns of ended calls / ended calls</li>
 * <li>resolution rate = ended calls neither transferred nor failed / ended calls</li>
 * </ul>
 */
public record TenantRates(String tenantId, String period, long calls, long endedCalls, long agentTurns,
                          long bargeIns, long falseInterruptions, long transferredCalls, long errorCalls,
                          long fallbacks, long userTurnsOfEndedCalls, long resolvedWithoutTransfer) {
    public static final String ALL_TIME = "all";

    public static TenantRates none(String tenantId, String period) {
        return new TenantRates(tenantId, period, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    TenantRates plus(String tenant, String period, CallContribution call) {
        return add(tenant, period, call, 1);
    }

    TenantRates minus(String tenant, String period, CallContribution call) {
        return add(tenant, period, call, -1);
    }

    private TenantRates add(String tenant, String period, CallContribution call, int sign) {
        return new TenantRates(tenant, period,
                calls + sign,
                endedCalls + sign * (call.ended() ? 1 : 0),
                agentTurns + sign * call.agentTurns(),
                bargeIns + sign * call.bargeIns(),
                falseInterruptions + sign * call.falseInterruptions(),
                transferredCalls + sign * (call.transferred() ? 1 : 0),
                errorCalls + sign * (call.endedInError() ? 1 : 0),
                fallbacks + sign * call.fallbacks(),
                userTurnsOfEndedCalls + sign * call.endedUserTurns(),
                resolvedWithoutTransfer + sign * (call.resolvedWithoutTransfer() ? 1 : 0));
    }

    @JsonProperty("interruptionRate")
    public double interruptionRate() {
        return ratio(bargeIns, agentTurns);
    }

    @JsonProperty("transferRate")
    public double transferRate() {
        return ratio(transferredCalls, endedCalls);
    }

    @JsonProperty("errorRate")
    public double errorRate() {
        return ratio(fallbacks + errorCalls, calls);
    }

    @JsonProperty("turnsPerCall")
    public double turnsPerCall() {
        return ratio(userTurnsOfEndedCalls, endedCalls);
    }

    @JsonProperty("resolutionRate")
    public double resolutionRate() {
        return ratio(resolvedWithoutTransfer, endedCalls);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : (double) part / whole;
    }
}
