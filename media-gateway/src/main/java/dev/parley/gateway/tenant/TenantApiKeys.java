package dev.parley.gateway.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/** Tenants' API keys for the gateway's tenant-facing endpoints ({@code parley.gateway.api-keys.<tenant>=<key>}). */
@Singleton
public class TenantApiKeys {

    @ConfigMapping(prefix = "parley.gateway")
    public interface Config {
        @WithName("api-keys")
        Map<String, String> apiKeys();
    }

    private final Map<String, String> keysByTenant;

    public TenantApiKeys(Config config) {
        this.keysByTenant = Map.copyOf(config.apiKeys());
    }

    /** The tenant a key belongs to; compared in constant time so a probe learns nothing from timing. */
    public Optional<String> tenantOf(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        Optional<String> match = Optional.empty();
        for (Map.Entry<String, String> e : keysByTenant.entrySet()) {
            if (!e.getValue().isEmpty() && MessageDigest.isEqual(given, e.getValue().getBytes(StandardCharsets.UTF_8))) {
                match = Optional.of(e.getKey());
            }
        }
        return match;
    }
}
