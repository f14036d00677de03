package dev.parley.dialogue.tenant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.parley.dialogue.analysis.AnalysisConfig;
import dev.parley.dialogue.tools.ToolDefinition;
import dev.parley.dialogue.tools.ToolPolicy;

import java.util.Map;

/**
 * The keys of tenant.yaml this service reads; the file is shared with media-gateway, which reads others. Within
 * {@code tools}, {@code toolPolicy}, {@code analysis} (post-call analysis) and {@code redaction} unknown keys are
 * errors. {@code redaction} stays a plain map here: its parser is contracts' RedactionPolicy, which media-gateway
 * reads the same block with.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantConfig(String id, String displayName, Map<String, ToolDefinition> tools, ToolPolicy toolPolicy,
                           AnalysisConfig analysis, Map<String, Object> redaction) {

    public Map<String, ToolDefinition> toolsOrEmpty() {
        return tools == null ? Map.of() : tools;
    }

    public ToolPolicy toolPolicyOr() {
        return toolPolicy == null ? ToolPolicy.DEFAULT : toolPolicy;
    }
}
