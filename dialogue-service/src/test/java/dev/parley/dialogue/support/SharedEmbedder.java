package dev.parley.dialogue.support;

import dev.parley.dialogue.embedding.BgeSmallEmbedder;
import dev.parley.dialogue.embedding.Embedder;

/** One real embedding model for all unit tests of a JVM (loading it takes a second or two). */
public final class SharedEmbedder {

    private static final Embedder INSTANCE = new BgeSmallEmbedder();

    private SharedEmbedder() {
    }

    public static Embedder get() {
        return INSTANCE;
    }
}
