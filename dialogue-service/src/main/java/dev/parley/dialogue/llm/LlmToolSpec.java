package dev.parley.dialogue.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A tool offered to the model: name, what it is for, and a JSON schema of its arguments. */
public record LlmToolSpec(String name, String description, ObjectNode parameters) {
}
