package dev.parley.dialogue.knowledge;

/**
 * One answerable piece of a tenant's knowledge: a section's heading (how callers ask) and its text (what the agent
 * says), plus the file it came from.
 */
public record KnowledgeChunk(String source, String heading, String text) {
}
