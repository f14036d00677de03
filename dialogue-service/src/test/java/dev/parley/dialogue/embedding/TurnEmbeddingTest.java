package dev.parley.dialogue.embedding;

import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.support.CountingEmbedder;
import dev.parley.dialogue.support.SharedEmbedder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TurnEmbeddingTest {

    final CountingEmbedder embedder = new CountingEmbedder();
    final Conversation call = new Conversation("acme", "c-embed", Map.of());

    @Test
    void aTurnIsEmbeddedOnceHoweverManyBrainsReadIt() {
        float[] flow = TurnEmbedding.of(call, 3, "can you tell me a joke", embedder);
        float[] llm = TurnEmbedding.of(call, 3, "can you tell me a joke", embedder);
        assertSame(flow, llm);
        assertEquals(List.of("can you tell me a joke"), embedder.embedded);
        assertArrayEquals(SharedEmbedder.get().embed("can you tell me a joke"), flow, 1e-6f);
    }

    @Test
    void anotherTurnOrOtherWordsAreEmbeddedAfresh() {
        TurnEmbedding.of(call, 3, "where is my order", embedder);
        TurnEmbedding.of(call, 4, "where is my order", embedder);
        TurnEmbedding.of(call, 4, "(keyed on the phone: 1234)", embedder);
        assertEquals(3, embedder.embedded.size());
    }

    @Test
    void aRunawayTranscriptIsCut() {
        TurnEmbedding.of(call, 1, "blah ".repeat(400), embedder);
        assertEquals(TurnEmbedding.MAX_EMBEDDED_CHARS, embedder.embedded.get(0).length());
    }
}
