package dev.parley.dialogue.slots;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpokenDigitsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "one two three four | 1234",
            "my order is 1234 | 1234",
            "it's 1 2 3 4 | 1234",
            "12 34 | 1234",
            "twelve thirty four | 1234",
            "twelve thirty-four | 1234",
            "fifty six seventy eight | 5678",
            "ninety twelve | 9012",
            "nine oh one two | 9012",
            "nine zero one two | 9012",
            "double five six seven | 5567",
            "one to three four | 1234",
            "where is my order one two three for | 1234",
            "one two uh three four | 1234",
            "one thousand two hundred thirty four | 1234",
            "twelve hundred and thirty four | 1234",
            "five thousand six hundred seventy eight | 5678",
            "nineteen eighty | 1980",
            "1,234 | 1234"})
    void readsANumberSpokenAnyWay(String text, String digits) {
        List<DigitRun> runs = SpokenDigits.find(text);
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(digits, runs.get(0).digits());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I want to talk to someone",
            "I came for it too",
            "what are your opening hours",
            "oh I see",
            "looking for my order"})
    void findsNoNumberInOrdinaryWords(String text) {
        assertEquals(List.of(), SpokenDigits.find(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "my order number is one two | 12 | true",
            "one two I think | 12 | false",
            "it's five six uh | 56 | true"})
    void marksANumberThatEndsTheUtterance(String text, String digits, boolean trailing) {
        assertEquals(List.of(new DigitRun(digits, trailing)), SpokenDigits.find(text));
    }

    @org.junit.jupiter.api.Test
    void eachNumberCarriesTheLowestConfidenceOfTheWordsThatSaidIt() {
        assertEquals(List.of(new DigitRun("1234", false, 0.55f), new DigitRun("56", true, 0.9f)),
                SpokenDigits.find(UtteranceTest.heard("um@0.1 order one to@0.55 three uh@0.2 four and then@0.3 "
                        + "five six", 0.9f)));
    }

    @org.junit.jupiter.api.Test
    void keepsSeparateNumbersApart() {
        assertEquals(List.of(new DigitRun("1234", false), new DigitRun("5678", true)),
                SpokenDigits.find("order 1234, no sorry, 5678"));
    }
}
