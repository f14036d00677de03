package dev.parley.dialogue.support;

import dev.parley.dialogue.embedding.Embedder;

import java.util.ArrayList;
import java.util.List;

/** The real bge-small model, recording what it was asked to embed. */
public final class CountingEmbedder implements Embedder {

    public final List<String> embedded = new ArrayList<>();

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public synchronized float[] embed(String text) {
        embedded.add(text);
        return SharedEmbedder.get().embed(text);
    }
}
