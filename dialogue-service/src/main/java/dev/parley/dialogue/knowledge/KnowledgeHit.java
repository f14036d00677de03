package dev.parley.dialogue.knowledge;

/** The chunk most similar to what the caller said, with its cosine similarity. */
public record KnowledgeHit(KnowledgeChunk chunk, double score) {
}
