package dev.parley.analytics.billing;

import java.util.HashMap;
import java.util.Map;

/** The rounding each tenant is billed with; tenants without their own setting get the default. */
public final class BillingPolicy {
    private final Rounding defaultRounding;
    private final Map<String, Rounding> perTenant;

    public BillingPolicy(Rounding defaultRounding, Map<String, Rounding> perTenant) {
        this.defaultRounding = defaultRounding;
        this.perTenant = Map.copyOf(perTenant);
    }

    /** From configuration text: {@code default-rounding} and {@code rounding.<tenant>} values. */
    public static BillingPolicy fromConfig(String defaultRounding, Map<String, String> perTenant) {
        Map<String, Rounding> parsed = new HashMap<>();
        perTenant.forEach((tenant, rounding) -> parsed.put(tenant, Rounding.parse(rounding)));
        return new BillingPolicy(Rounding.parse(defaultRounding), parsed);
    }

    public Rounding roundingFor(String tenantId) {
        return perTenant.getOrDefault(tenantId, defaultRounding);
    }
}
