package dev.parley.dialogue.knowledge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MarkdownChunkerTest {

    @Test
    void oneChunkPerSectionWithMarkupRemoved() {
        String md = "# Shop\n\nIntro that is not an answer.\n\n"
                + "## When are you open?\n\nWe're open **Monday to Friday**,\nfrom 9 am to 6 pm.\n\n"
                + "## How do I pay?\n\n- Cards\n- [PayPal](https://example.invalid/pp)\n";
        List<KnowledgeChunk> chunks = MarkdownChunker.chunk("faq.md", md);
        assertEquals(List.of(
                new KnowledgeChunk("faq.md", "When are you open?", "We're open Monday to Friday, from 9 am to 6 pm."),
                new KnowledgeChunk("faq.md", "How do I pay?", "Cards. PayPal.")), chunks);
    }

    @Test
    void splitsALongSectionByParagraph() {
        String para = "This sentence is long enough to matter. ".repeat(6).trim();
        String md = "## Big\n\n" + para + "\n\n" + para + "\n";
        List<KnowledgeChunk> chunks = MarkdownChunker.chunk("big.md", md);
        assertEquals(2, chunks.size());
        assertEquals(para, chunks.get(0).text());
        assertEquals("Big", chunks.get(1).heading());
    }
}
