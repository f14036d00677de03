package dev.parley.analytics.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * API-key access to tenant data: a tenant's key reads only that tenant, the admin key reads every tenant.
 * Missing or unknown key: 401; a key for another tenant: 403.
 */
@ApplicationScoped
public class ApiKeyAccess {
    public static final String HEADER = "X-Api-Key";

    private final Map<String, byte[]> keysByTenant = new HashMap<>();
    private final byte[] adminKey;

    @Inject
    public ApiKeyAccess(AccessConfig config) {
        this(config.apiKeys(), config.adminKey());
    }

    public ApiKeyAccess(Map<String, String> tenantKeys, Optional<String> adminKey) {
        Map<String, String> tenantOfKey = new HashMap<>();
        tenantKeys.forEach((tenant, key) -> {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("empty API key for tenant " + tenant);
            }
            String other = tenantOfKey.putIfAbsent(key, tenant);
            if (other != null) {
                throw new IllegalArgumentException("tenants " + other + " and " + tenant + " share an API key");
            }
            keysByTenant.put(tenant, bytes(key));
        });
        if (adminKey.isPresent() && tenantOfKey.containsKey(adminKey.get())) {
            throw new IllegalArgumentException("the admin key is also a tenant's key");
        }
        this.adminKey = adminKey.filter(key -> !key.isBlank()).map(ApiKeyAccess::bytes).orElse(null);
    }

    /** @throws WebApplicationException 401 or 403 unless {@code apiKey} may read {@code tenantId}'s data */
    public void requireReadAccess(String apiKey, String tenantId) {
        Optional<Caller> caller = identify(apiKey);
        if (caller.isEmpty()) {
            throw refusal(Response.Status.UNAUTHORIZED, "missing or unknown " + HEADER);
        }
        if (!caller.get().mayRead(tenantId)) {
            throw refusal(Response.Status.FORBIDDEN, "this key does not give access to tenant " + tenantId);
        }
    }

    /**
     * The tenants this key may read among {@code known}, sorted: all of them for the admin key, only its own for a
     * tenant key (even before that tenant has any data).
     * @throws WebApplicationException 401 for a missing or unknown key
     */
    public List<String> readableTenants(String apiKey, Collection<String> known) {
        Caller caller = identify(apiKey)
                .orElseThrow(() -> refusal(Response.Status.UNAUTHORIZED, "missing or unknown " + HEADER));
        if (caller.tenantId() != null) {
            return List.of(caller.tenantId());
        }
        return new TreeSet<>(known).stream().collect(Collectors.toList());
    }

    /** Who presents this key; every configured key is compared in constant time, so timing reveals nothing. */
    Optional<Caller> identify(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = bytes(apiKey);
        Caller found = null;
        if (adminKey != null && MessageDigest.isEqual(adminKey, presented)) {
            found = Caller.ADMIN;
        }
        for (Map.Entry<String, byte[]> tenant : keysByTenant.entrySet()) {
            if (MessageDigest.isEqual(tenant.getValue(), presented)) {
                found = Caller.tenant(tenant.getKey());
            }
        }
        return Optional.ofNullable(found);
    }

    private static WebApplicationException refusal(Response.Status status, String message) {
        return new WebApplicationException(Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message))
                .build());
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
