package dev.parley.e2e.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeardWordsTest {

    @Test
    void anInflectionOfTheWordCounts() {
        // as the caller's recognizer heard flite voice "Order 1 2 3 4 has shipped and is arriving on Friday."
        String heard = "our inner one two three four has ship them is arriving on friday";
        assertEquals(List.of(), HeardWords.missing(heard, "shipped", "friday"));
        assertEquals(List.of(), HeardWords.missing("we are booking you in", "booked"));
        assertEquals(List.of(), HeardWords.missing("two appointments", "appointment"));
    }

    @Test
    void aDifferentWordDoesNot() {
        assertEquals(List.of("shipped"), HeardWords.missing("your order has shown up", "shipped", "order"));
        assertEquals(List.of("friday"), HeardWords.missing("arriving on fried eggs", "friday"));
        assertEquals(List.of("booked"), HeardWords.missing("we looked it up", "booked"));
        assertEquals(List.of("bed"), HeardWords.missing("a b of roses", "bed"),
                "an ending is only taken off a word long enough to keep a stem");
    }

    @Test
    void aCompoundHeardAsTwoWordsCounts() {
        // as the stt-service heard the acme caller's "goodbye" in a CI run
        assertEquals(List.of(), HeardWords.missing("good bye", "goodbye"));
        assertEquals(List.of("goodbye"), HeardWords.missing("good day bye", "goodbye"),
                "only neighbouring words make a compound");
    }

    @Test
    void caseAndSpacingDoNotMatter() {
        assertEquals(List.of(), HeardWords.missing("  Has   SHIPPED ", "Shipped"));
    }
}
