package dev.parley.contracts.redaction;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTest {

    private static final String M = Redactor.MASK;
    private final Redactor redactor = new Redactor(new RedactionPolicy(true, 4, true, Set.of()));

    @Test
    void masksASpokenPatientNumber() {
        assertEquals("my patient number is " + M, redactor.mask("my patient number is four eight two nine one three"));
    }

    @Test
    void masksWrittenDigitRunsAtAndAboveTheThresholdOnly() {
        assertEquals("code 123 please", redactor.mask("code 123 please"));
        assertEquals("code " + M + " please", redactor.mask("code 1234 please"));
        assertEquals("patient " + M, redactor.mask("patient 482913"));
        assertEquals("patient " + M + ".", redactor.mask("patient 4829-13."));
    }

    @Test
    void countsSpokenDigitsAroundTheThreshold() {
        assertEquals("it is one two three", redactor.mask("it is one two three"));
        assertEquals("it is " + M, redactor.mask("it is one two three four"));
        // "oh" is a zero next to other digits, "double five" two fives.
        assertEquals("it is " + M, redactor.mask("it is nine oh one two"));
        assertEquals("it is nine oh one", redactor.mask("it is nine oh one"));
        assertEquals("call " + M + " today", redactor.mask("call double five one two today"));
        assertEquals("call double five one today", redactor.mask("call double five one today"));
        assertEquals("call " + M, redactor.mask("call triple five one"));
        // Teens and tens are two digits each.
        assertEquals("room " + M, redactor.mask("room twelve thirty four"));
        assertEquals("room twelve", redactor.mask("room twelve"));
        assertEquals("number " + M, redactor.mask("number twenty one fifteen"));
        assertEquals("number " + M, redactor.mask("number 48 two nine"));
    }

    @Test
    void theThresholdFollowsThePolicy() {
        Redactor six = new Redactor(new RedactionPolicy(true, 6, true, Set.of()));
        assertEquals("pin 12345", six.mask("pin 12345"));
        assertEquals("pin " + M, six.mask("pin 123456"));
        assertEquals("pin five five five one two", six.mask("pin five five five one two"));
        assertEquals("pin " + M, six.mask("pin five five five one two three"));
        Redactor two = new Redactor(new RedactionPolicy(true, 2, true, Set.of()));
        assertEquals("at " + M + " o'clock", two.mask("at 10 o'clock"));
    }

    @Test
    void keepsShortNumbersInOrdinarySpeech() {
        assertEquals("I'd like two appointments", redactor.mask("I'd like two appointments"));
        assertEquals("at 10 o'clock", redactor.mask("at 10 o'clock"));
        assertEquals("at ten o'clock for two people", redactor.mask("at ten o'clock for two people"));
        assertEquals("oh oh oh oh", redactor.mask("oh oh oh oh"));
        assertEquals("one and two and three and four", redactor.mask("one and two and three and four"));
        assertEquals("I want to go for it", redactor.mask("I want to go for it"));
    }

    @Test
    void masksPhoneNumbersWithPausesAndPunctuation() {
        assertEquals("call me on " + M, redactor.mask("call me on 555-0100"));
        assertEquals("call me on " + M + " thanks", redactor.mask("call me on (555) 010-0100 thanks"));
        assertEquals("call me on " + M, redactor.mask("call me on 555 0100"));
        assertEquals("call me on " + M, redactor.mask("call me on five five five, zero one zero zero"));
        assertEquals("it's " + M + " okay", redactor.mask("it's five five five uh zero one zero zero okay"));
        assertEquals("it's " + M, redactor.mask("it's 555.010.0100"));
        assertEquals("dial " + M, redactor.mask("dial +1 555 010 0100"));
    }

    @Test
    void masksWrittenEmails() {
        assertEquals("write to " + M + " please", redactor.mask("write to john.smith@example.com please"));
        assertEquals("mail " + M + ".", redactor.mask("mail a@b.co."));
        assertEquals("not @ an address", redactor.mask("not @ an address"));
        assertEquals("user@localhost stays", redactor.mask("user@localhost stays"));
    }

    @Test
    void masksSpokenEmails() {
        assertEquals("my email is " + M, redactor.mask("my email is john dot smith at example dot com"));
        assertEquals("it's " + M + " thanks", redactor.mask("it's jane_doe at gmail dot co dot uk thanks"));
        assertEquals("it's " + M, redactor.mask("it's jane at gmail.com"));
        assertEquals("see you at the clinic", redactor.mask("see you at the clinic"));
        assertEquals("look at the dot matrix", redactor.mask("look at the dot matrix"));
    }

    @Test
    void emailsStayWhenThePolicyKeepsThem() {
        Redactor digitsOnly = new Redactor(new RedactionPolicy(true, 4, false, Set.of()));
        assertEquals("john@example.com", digitsOnly.mask("john@example.com"));
        assertEquals("john at example dot com", digitsOnly.mask("john at example dot com"));
    }

    @Test
    void masksGivenValuesWrittenOrSpoken() {
        assertEquals("this is " + M + " calling", redactor.mask("this is Jane Doe calling", List.of("jane doe")));
        assertEquals("also here", redactor.mask("also here", List.of("al")));
        // A value recognized as digits is masked however the text says it, and the other way round.
        Redactor eight = new Redactor(new RedactionPolicy(true, 8, true, Set.of()));
        assertEquals("patient " + M + " booked", eight.mask("patient four eight two nine one three booked", List.of("482913")));
        assertEquals("patient " + M + " booked", eight.mask("patient 482913 booked", List.of("four eight two nine one three")));
        assertEquals("patient " + M, eight.mask("patient 4829-13", List.of("482913")));
        assertEquals("patient 482914", eight.mask("patient 482914", List.of("482913")));
    }

    @Test
    void disabledPolicyChangesNothing() {
        Redactor off = new Redactor(RedactionPolicy.NONE);
        String text = "patient 482913, john@example.com";
        assertEquals(text, off.mask(text, List.of("patient")));
        assertTrue(off.find(text, List.of()).isEmpty());
        assertTrue(off.findWords(List.of("four", "eight", "two", "nine")).isEmpty());
        assertEquals(text, new Redactor(null).mask(text));
    }

    @Test
    void nullAndEmptyText() {
        assertNull(redactor.mask(null));
        assertEquals("", redactor.mask(""));
        assertTrue(redactor.find(null, null).isEmpty());
        assertTrue(redactor.findWords(List.of()).isEmpty());
    }

    @Test
    void spansAreSortedAndMerged() {
        String text = "id 1234 or jane@example.com and 5678";
        List<Redactor.Span> spans = redactor.find(text, List.of("1234 or"));
        assertEquals(List.of(new Redactor.Span(3, 10), new Redactor.Span(11, 27), new Redactor.Span(32, 36)), spans);
    }

    @Test
    void findsWordsOfANumberInTheMiddle() {
        List<String> words = List.of("my", "patient", "number", "is", "four", "eight", "two", "nine", "one", "three",
                "thanks");
        assertEquals(List.of(new Redactor.Span(4, 10)), redactor.findWords(words));
        assertEquals(List.of(), redactor.findWords(List.of("i'd", "like", "two", "appointments")));
        List<String> email = List.of("it's", "john", "at", "example", "dot", "com", "and", "five", "five", "five",
                "one", "two");
        assertEquals(List.of(new Redactor.Span(1, 6), new Redactor.Span(7, 12)), redactor.findWords(email));
    }

    @Test
    void findsRecognizedValuesAmongWords() {
        List<String> words = List.of("hi", "it's", "maria", "garcia", "again", "also", "maria");
        assertEquals(List.of(new Redactor.Span(2, 4), new Redactor.Span(6, 7)),
                redactor.findWords(words, List.of("Maria Garcia", "maria")));
        assertEquals(List.of(), redactor.findWords(List.of("mariachi", "band"), List.of("maria")));
    }

    @Test
    void longTextsStayLinear() {
        String hostile = "1-".repeat(20_000) + "@".repeat(20_000) + "a.".repeat(20_000) + " at dot".repeat(5_000);
        long started = System.nanoTime();
        redactor.find(hostile, List.of("a", "1"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 2_000, "took " + millis + " ms");
    }
}
