package dev.parley.dialogue.slots;

import dev.parley.dialogue.support.Heard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpokenAmountTest {

    static List<String> values(String text) {
        return SpokenAmount.find(Utterance.of(text)).stream().map(SpokenAmount.Amount::value).toList();
    }

    @Test
    void aNumberBeforeACurrencyWordIsAnAmountWithItsCents() {
        assertEquals(List.of("45.50"), values("I was charged forty five dollars fifty"));
        assertEquals(List.of("45.05"), values("it was 45 dollars and 5 cents"));
        assertEquals(List.of("120"), values("one hundred twenty euros for the crown"));
        assertEquals(List.of("12", "7.99"), values("twelve pounds for the first and seven pounds ninety nine"));
    }

    @Test
    void numbersWithoutACurrencyWordAreNotAmounts() {
        assertEquals(List.of(), values("my order number is one two three four"));
        assertEquals(List.of(), values("dollars please"));
        assertEquals(List.of("12"), values("twelve dollars and my order is 1234"), "the order number is not cents");
    }

    @Test
    void theAmountIsAsClearAsItsLeastClearWord() {
        Utterance said = Utterance.of(String.join(" ", List.of("forty", "five", "dollars", "fifty")),
                Heard.words("forty five@0.4 dollars fifty", 0.9f), 0.8f);
        assertEquals(0.4f, SpokenAmount.find(said).get(0).confidence(), 1e-6);
    }
}
