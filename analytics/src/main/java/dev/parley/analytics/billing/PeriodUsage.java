package dev.parley.analytics.billing;

/**
 * A tenant's usage in one calendar period (UTC day or month) by the time its calls ended; like {@link TenantUsage}
 * a sum over distinct calls, so a call billed again replaces its figure.
 */
public record PeriodUsage(String tenantId, String period, long calls, long billedSeconds, long durationMs) {

    public static PeriodUsage none(String tenantId, String period) {
        return new PeriodUsage(tenantId, period, 0, 0, 0);
    }

    PeriodUsage plus(String key, CallBilling call) {
        return new PeriodUsage(TenantPeriodKey.tenant(key), TenantPeriodKey.period(key), calls + 1,
                billedSeconds + call.billedSeconds(), durationMs + call.durationMs());
    }

    PeriodUsage minus(String key, CallBilling call) {
        return new PeriodUsage(TenantPeriodKey.tenant(key), TenantPeriodKey.period(key), calls - 1,
                billedSeconds - call.billedSeconds(), durationMs - call.durationMs());
    }
}
