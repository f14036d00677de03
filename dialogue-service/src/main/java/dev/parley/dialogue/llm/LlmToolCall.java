package dev.parley.dialogue.llm;

/** A tool the model asked to run: provider-assigned id, tool name and its arguments as a JSON object text. */
public record LlmToolCall(String id, String name, String argumentsJson) {
}
