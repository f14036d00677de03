package dev.parley.dialogue.cache;

import dev.parley.dialogue.embedding.Embedder;
import dev.parley.dialogue.support.SharedEmbedder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SemanticCacheTest {

    final Embedder embedder = SharedEmbedder.get();

    @Test
    void servesTheSameQuestionReworded() {
        SemanticCache cache = new SemanticCache(0.95, 10);
        cache.store("what are your opening hours", embedder.embed("what are your opening hours"), "Nine to six.");
        SemanticCache.Hit hit = cache.lookup(embedder.embed("What are your opening hours?")).orElseThrow();
        assertEquals("Nine to six.", hit.answer());
        assertTrue(cache.lookup(embedder.embed("how much does shipping cost")).isEmpty());
    }

    @Test
    void aLowerThresholdIsConfigurableAndTheOldestEntriesLeaveFirst() {
        SemanticCache loose = new SemanticCache(0.80, 2);
        loose.store("do you ship abroad", embedder.embed("do you ship abroad"), "Yes, to the EU.");
        assertTrue(loose.lookup(embedder.embed("do you deliver to other countries")).isPresent());
        loose.store("a", embedder.embed("how do returns work"), "30 days.");
        loose.store("b", embedder.embed("can I pay by card"), "Yes.");
        assertEquals(2, loose.size());
        assertTrue(loose.lookup(embedder.embed("do you ship abroad")).isEmpty());
    }
}
