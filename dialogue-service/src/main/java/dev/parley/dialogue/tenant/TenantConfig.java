package dev.parley.dialogue.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The keys of tenant.yaml this service reads; the file is shared with media-gateway, which reads others. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantConfig(String id, String displayName) {
}
