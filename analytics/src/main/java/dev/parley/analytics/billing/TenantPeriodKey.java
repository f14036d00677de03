package dev.parley.analytics.billing;

/**
 * Store key of a tenant's figure for one period: {@code tenant|period}. Period names never contain '|', so the
 * tenant is everything before the last one, and a prefix scan on {@code tenant|} finds a tenant's periods (a tenant
 * named {@code a|b} would also match prefix {@code a|}, so readers compare the parsed tenant exactly).
 */
public final class TenantPeriodKey {
    private static final char SEPARATOR = '|';

    private TenantPeriodKey() {
    }

    public static String of(String tenantId, String period) {
        return tenantId + SEPARATOR + period;
    }

    public static String prefix(String tenantId) {
        return tenantId + SEPARATOR;
    }

    public static String tenant(String key) {
        return key.substring(0, key.lastIndexOf(SEPARATOR));
    }

    public static String period(String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }
}
