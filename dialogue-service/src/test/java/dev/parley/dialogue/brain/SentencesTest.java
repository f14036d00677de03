package dev.parley.dialogue.brain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SentencesTest {

    @Test
    void splitsAfterSentenceEndsKeepingTheText() {
        String text = "Sure. I'll check that!  Is that ok? Thanks";
        List<String> parts = Sentences.split(text);
        assertEquals(List.of("Sure. ", "I'll check that!  ", "Is that ok? ", "Thanks"), parts);
        assertEquals(text, String.join("", parts));
    }

    @Test
    void oneSentenceIsOneDelta() {
        assertEquals(List.of("Order 1 2 3 4 has shipped."), Sentences.split("Order 1 2 3 4 has shipped."));
    }
}
