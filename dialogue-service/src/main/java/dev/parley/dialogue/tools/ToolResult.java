package dev.parley.dialogue.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/** A tool's answer: whether it found what was asked for, and named fields for the answer template. */
public record ToolResult(boolean found, Map<String, String> fields) {

    public ToolResult {
        fields = Map.copyOf(fields);
    }

    public static ToolResult notFound() {
        return new ToolResult(false, Map.of());
    }

    public static ToolResult found(Map<String, String> fields) {
        return new ToolResult(true, fields);
    }

    /** {@code {"found":true,"day":"Tuesday",...}}, fields in a stable order: what an LLM is shown. */
    public String toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("found", found);
        new TreeMap<>(fields).forEach(body::put);
        return body.toString();
    }
}
