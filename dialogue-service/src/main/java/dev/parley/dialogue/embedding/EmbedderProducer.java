package dev.parley.dialogue.embedding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One embedding model per JVM, shared by every tenant's intents and knowledge base. */
@ApplicationScoped
public class EmbedderProducer {

    @Produces
    @Singleton
    Embedder embedder() {
        return new BgeSmallEmbedder();
    }
}
