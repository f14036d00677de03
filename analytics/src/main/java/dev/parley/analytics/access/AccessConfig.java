package dev.parley.analytics.access;

import io.smallrye.config.ConfigMapping;

import java.util.Map;
import java.util.Optional;

/** {@code parley.analytics.api-keys.<tenant>=<key>} and {@code parley.analytics.admin-key=<key>}. */
@ConfigMapping(prefix = "parley.analytics")
public interface AccessConfig {

    Map<String, String> apiKeys();

    Optional<String> adminKey();
}
