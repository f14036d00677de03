package dev.parley.dialogue.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Looks a record up by one argument in a JSON object file ({@code {"1234": {"status": "..."}, ...}}), read once when
 * the tenant loads. The tenant's demo order data is served this way; real shops use an HTTP tool instead.
 */
public final class JsonLookupTool implements Tool {

    private final String name;
    private final ToolDefinition.JsonLookup definition;
    private final Map<String, Map<String, String>> records;

    public JsonLookupTool(String name, ToolDefinition.JsonLookup definition, Path file) {
        this.name = name;
        this.definition = definition;
        this.records = read(file);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public Uni<ToolResult> invoke(ToolCall call) {
        String keyArgument = definition.key();
        String key = call.arguments().get(keyArgument);
        if (key == null) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "tool " + name + " needs argument '" + keyArgument + "'"));
        }
        Map<String, String> record = records.get(key);
        return Uni.createFrom().item(record == null ? ToolResult.notFound() : ToolResult.found(record));
    }

    private static Map<String, Map<String, String>> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " must hold a JSON object keyed by id");
        }
        Map<String, Map<String, String>> out = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = root.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> e = entries.next();
            if (!e.getValue().isObject()) {
                throw new IllegalArgumentException(file + ": record '" + e.getKey() + "' must be a JSON object");
            }
            Map<String, String> fields = new HashMap<>();
            e.getValue().fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
            out.put(e.getKey(), Map.copyOf(fields));
        }
        return Map.copyOf(out);
    }
}
