package dev.parley.analytics.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/**
 * {@code parley.billing.default-rounding} (second) and {@code parley.billing.rounding.<tenant>=second|minute}.
 * A change applies to calls that end after it; billed calls keep their figure.
 */
@ConfigMapping(prefix = "parley.billing")
public interface BillingConfig {

    @WithDefault("second")
    String defaultRounding();

    Map<String, String> rounding();
}
