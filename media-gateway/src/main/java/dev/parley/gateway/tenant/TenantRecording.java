package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * A tenant's call recording (tenant.yaml {@code recording}): whether its calls are recorded, the announcement the
 * caller hears first, and how many days a recording is kept. A block with {@code enabled: false} still says how long
 * the recordings made before are kept; no block: no recording, and old ones are left to their erasure.
 */
public record TenantRecording(boolean enabled, String consent, int retentionDays) {
    static final int DEFAULT_RETENTION_DAYS = 30;

    /** Reads the {@code recording} block; empty when absent, an error naming the field when malformed. */
    static Optional<TenantRecording> parse(JsonNode root) {
        JsonNode n = root.path("recording");
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        boolean enabled = n.path("enabled").asBoolean(false);
        String consent = n.path("consent").asText("").strip();
        int days = n.path("retentionDays").asInt(DEFAULT_RETENTION_DAYS);
        if (enabled && consent.isEmpty()) {
            // A recorded call must tell the caller so: no text, no recording (and the file is refused, not guessed).
            throw new IllegalArgumentException("recording.consent must be set when recording.enabled is true");
        }
        if (days < 1) {
            throw new IllegalArgumentException("recording.retentionDays must be at least 1, got " + days);
        }
        return Optional.of(new TenantRecording(enabled, consent, days));
    }
}
