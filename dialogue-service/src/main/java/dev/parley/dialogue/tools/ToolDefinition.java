package dev.parley.dialogue.tools;

/**
 * A tool as declared in a tenant's flow.yaml. {@code type} picks the implementation: {@code json-lookup} reads
 * {@code file} (relative to the tenant folder) and looks records up by the argument {@code key}.
 * {@code description} tells an LLM what the tool is for (and {@code keyDescription} what its argument is).
 * {@code shared: true} marks results that are the same for every caller (a price list), so LLM answers built on
 * them may be served from the semantic cache; by default a tool's data is taken to be the caller's own.
 */
public record ToolDefinition(String type, String file, String key, String description, String keyDescription,
                             Boolean shared) {

    public ToolDefinition(String type, String file, String key) {
        this(type, file, key, null, null, null);
    }

    public boolean isShared() {
        return Boolean.TRUE.equals(shared);
    }
}
