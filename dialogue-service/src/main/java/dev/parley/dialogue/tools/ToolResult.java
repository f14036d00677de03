package dev.parley.dialogue.tools;

import java.util.Map;

/** A tool's answer: whether it found what was asked for, and named fields for the answer template. */
public record ToolResult(boolean found, Map<String, String> fields) {

    public static ToolResult notFound() {
        return new ToolResult(false, Map.of());
    }

    public static ToolResult found(Map<String, String> fields) {
        return new ToolResult(true, Map.copyOf(fields));
    }
}
