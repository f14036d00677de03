package dev.parley.dialogue.knowledge;

import dev.parley.dialogue.support.SharedEmbedder;
import dev.parley.dialogue.support.Tenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    void textFilesAreKnowledgeTooAndOtherFilesAreNot(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("hours.md"), "# Hours\n\n## When are you open?\n\nNine to five, Monday to Friday.\n");
        Files.writeString(dir.resolve("parking.txt"), "Where can I park?\nThere is free parking behind the clinic.\n");
        Files.writeString(dir.resolve("notes.json"), "{\"parking\": \"nowhere\"}");
        KnowledgeBase kb = KnowledgeBase.load(dir, SharedEmbedder.get());
        assertEquals(2, kb.size());
        KnowledgeHit hit = kb.best(SharedEmbedder.get().embed("is there somewhere to leave my car")).orElseThrow();
        assertEquals("There is free parking behind the clinic.", hit.chunk().text());
        assertEquals("parking.txt", hit.chunk().source());
    }

    @Test
    void aMissingFolderIsAnEmptyKnowledgeBase() {
        KnowledgeBase kb = KnowledgeBase.load(Tenants.root().resolve("acme/no-such-folder"), SharedEmbedder.get());
        assertEquals(0, kb.size());
        assertTrue(kb.best(SharedEmbedder.get().embed("hello")).isEmpty());
    }
}
