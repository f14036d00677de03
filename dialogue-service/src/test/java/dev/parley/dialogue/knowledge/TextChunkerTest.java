package dev.parley.dialogue.knowledge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextChunkerTest {

    @Test
    void aQuestionOrShortTitleLineHeadsItsParagraphAndOtherParagraphsGoUnderTheFilesName() {
        List<KnowledgeChunk> chunks = TextChunker.chunk("shipping-policy.txt", """
                Do you ship abroad?
                Yes, to every country in the EU,
                in five to seven days.

                Gift wrapping
                Any order can be gift wrapped for 3 dollars.

                Parcels are handed to the carrier by 4 pm.
                """);
        assertEquals(List.of(
                new KnowledgeChunk("shipping-policy.txt", "Do you ship abroad?",
                        "Yes, to every country in the EU, in five to seven days."),
                new KnowledgeChunk("shipping-policy.txt", "Gift wrapping",
                        "Any order can be gift wrapped for 3 dollars."),
                new KnowledgeChunk("shipping-policy.txt", "shipping policy",
                        "Parcels are handed to the carrier by 4 pm.")), chunks);
    }

    @Test
    void aLongParagraphIsSplitAtSentenceEndsKeepingItsHeading() {
        String sentence = "This sentence is about forty characters. ";
        List<KnowledgeChunk> chunks = TextChunker.chunk("faq.txt", "What is the warranty?\n" + sentence.repeat(25));
        assertTrue(chunks.size() >= 3, chunks.toString());
        for (KnowledgeChunk c : chunks) {
            assertEquals("What is the warranty?", c.heading());
            assertTrue(c.text().length() <= MarkdownChunker.MAX_CHUNK_CHARS, c.text());
            assertTrue(c.text().endsWith("characters."), c.text());
        }
    }
}
