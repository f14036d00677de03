package dev.parley.analytics.billing;

/**
 * A tenant's usage so far: ended calls, billed seconds, and the calls' actual duration. Kept as a sum over
 * distinct calls, so a call billed again (a duplicate event) replaces its earlier figure instead of adding to it.
 */
public record TenantUsage(String tenantId, long calls, long billedSeconds, long durationMs) {

    public static TenantUsage none(String tenantId) {
        return new TenantUsage(tenantId, 0, 0, 0);
    }

    TenantUsage plus(String tenant, CallBilling call) {
        return new TenantUsage(tenant, calls + 1, billedSeconds + call.billedSeconds(),
                durationMs + call.durationMs());
    }

    TenantUsage minus(String tenant, CallBilling call) {
        return new TenantUsage(tenant, calls - 1, billedSeconds - call.billedSeconds(),
                durationMs - call.durationMs());
    }
}
