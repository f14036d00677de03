package dev.parley.gateway.tenant;

import java.util.List;

/** What the gateway needs to know of a tenant: who it is, which numbers reach it, which voice speaks for it. */
public record Tenant(String id, String displayName, List<String> phoneNumbers, String voice) {
}
