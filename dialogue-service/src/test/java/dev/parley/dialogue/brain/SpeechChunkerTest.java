package dev.parley.dialogue.brain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpeechChunkerTest {

    private static List<String> chunk(String... deltas) {
        SpeechChunker chunker = new SpeechChunker();
        List<String> out = new ArrayList<>();
        for (String d : deltas) {
            out.addAll(chunker.add(d));
        }
        String rest = chunker.flush();
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }

    @Test
    void theFirstSentenceGoesOutWordByWordAndLaterOnesWhole() {
        List<String> out = chunk("We", " are", " open", " Mon", "day to", " Friday. ", "We are", " closed ", "on",
                " Sundays. ", "Bye");
        assertEquals(List.of("We ", "are ", "open ", "Monday ", "to Friday. ", "We are closed on Sundays. ", "Bye"),
                out);
        assertEquals("We are open Monday to Friday. We are closed on Sundays. Bye", String.join("", out));
    }

    @Test
    void neverHalfAWordAndNoBlankPieces() {
        List<String> out = chunk(" ", "Hel", "lo", " there", " friend");
        assertEquals(List.of(" Hello ", "there ", "friend"), out);
    }

    @Test
    void aLongSentenceAfterTheFirstIsCutAtAClause() {
        String longClause = "a".repeat(SpeechChunker.LONG_CLAUSE) + ", and then";
        List<String> out = chunk("Yes. ", longClause, " more. ");
        assertEquals(List.of("Yes. ", "a".repeat(SpeechChunker.LONG_CLAUSE) + ", ", "and then more. "), out);
    }
}
