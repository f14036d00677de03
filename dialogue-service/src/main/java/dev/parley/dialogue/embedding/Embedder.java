package dev.parley.dialogue.embedding;

/**
 * Turns a sentence into a unit-length vector, so the cosine similarity of two sentences is their dot product.
 * Implementations are thread-safe and blocking (run them off the event loop).
 */
public interface Embedder {

    String name();

    float[] embed(String text);
}
