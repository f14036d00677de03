package dev.parley.dialogue.knowledge;

import dev.parley.dialogue.support.SharedEmbedder;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnowledgeBaseTest {

    @Test
    void retrievesTheSectionThatAnswersTheQuestion() {
        KnowledgeBase kb = KnowledgeBase.load(Tenants.root().resolve("acme/knowledge"), SharedEmbedder.get());
        assertEquals(4, kb.size());
        KnowledgeHit hit = kb.best(SharedEmbedder.get().embed("is shipping free")).orElseThrow();
        assertTrue(hit.chunk().text().startsWith("Shipping is free"), hit.toString());
        KnowledgeHit unrelated = kb.best(SharedEmbedder.get().embed("the purple elephant dances")).orElseThrow();
        assertTrue(unrelated.score() < hit.score() - 0.2, unrelated + " vs " + hit);
    }

    @Test
    void aMissingFolderIsAnEmptyKnowledgeBase() {
        KnowledgeBase kb = KnowledgeBase.load(Tenants.root().resolve("acme/no-such-folder"), SharedEmbedder.get());
        assertEquals(0, kb.size());
        assertTrue(kb.best(SharedEmbedder.get().embed("hello")).isEmpty());
    }
}
