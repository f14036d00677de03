package dev.parley.dialogue.tools;

/**
 * A tool as declared in a tenant's flow.yaml. {@code type} picks the implementation: {@code json-lookup} reads
 * {@code file} (relative to the tenant folder) and looks records up by the argument {@code key}.
 */
public record ToolDefinition(String type, String file, String key) {
}
