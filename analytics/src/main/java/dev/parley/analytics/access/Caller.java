package dev.parley.analytics.access;

/** Whoever presented a valid key: the admin ({@code tenantId} null) or one tenant. */
record Caller(String tenantId) {
    static final Caller ADMIN = new Caller(null);

    static Caller tenant(String tenantId) {
        return new Caller(tenantId);
    }

    boolean mayRead(String tenant) {
        return tenantId == null || tenantId.equals(tenant);
    }
}
