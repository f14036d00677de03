package dev.parley.dialogue.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.parley.dialogue.tools.ToolDefinition;
import dev.parley.dialogue.tools.ToolPolicy;

import java.util.Map;

/**
 * The keys of tenant.yaml this service reads; the file is shared with media-gateway, which reads others. Within
 * {@code tools} and {@code toolPolicy} unknown keys are errors.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantConfig(String id, String displayName, Map<String, ToolDefinition> tools, ToolPolicy toolPolicy) {

    public Map<String, ToolDefinition> toolsOrEmpty() {
        return tools == null ? Map.of() : tools;
    }

    public ToolPolicy toolPolicyOr() {
        return toolPolicy == null ? ToolPolicy.DEFAULT : toolPolicy;
    }
}
