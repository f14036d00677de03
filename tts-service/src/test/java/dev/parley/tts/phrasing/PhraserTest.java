package dev.parley.tts.phrasing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhraserTest {

    /** Feeds pieces one by one; records after which piece each phrase came out. */
    private static List<String> feed(Phraser phraser, List<Integer> emittedAfter, String... pieces) {
        List<String> phrases = new ArrayList<>();
        for (int i = 0; i < pieces.length; i++) {
            for (Phrase p : phraser.append(pieces[i])) {
                phrases.add(p.text(phraser.text()));
                emittedAfter.add(i);
            }
        }
        return phrases;
    }

    private static List<String> all(String text) {
        Phraser phraser = new Phraser(PhrasingPolicy.DEFAULT);
        List<String> out = new ArrayList<>();
        phraser.append(text).forEach(p -> out.add(p.text(phraser.text())));
        phraser.finish().forEach(p -> out.add(p.text(phraser.text())));
        return out;
    }

    @Test
    void emitsEachSentenceAsSoonAsItIsKnownToBeComplete() {
        Phraser phraser = new Phraser(PhrasingPolicy.DEFAULT);
        List<Integer> after = new ArrayList<>();
        List<String> phrases = feed(phraser, after, "Your or", "der has shi", "pped.", " It will arr", "ive Friday.");
        assertEquals(List.of("Your order has shipped."), phrases);
        assertEquals(List.of(3), after, "the period is a sentence end once the space after it arrives");
        List<Phrase> rest = phraser.finish();
        assertEquals(1, rest.size());
        assertEquals(" It will arrive Friday.", rest.get(0).text(phraser.text()));
    }

    @Test
    void phrasesAreContiguousAndCoverTheText() {
        String text = "Hello there! Your order 1234 has shipped, and it will arrive on Friday. "
                + "We are open Monday to Friday, 9 a.m. to 6 p.m. Anything else?";
        Phraser phraser = new Phraser(PhrasingPolicy.DEFAULT);
        List<Phrase> phrases = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 3) {
            phrases.addAll(phraser.append(text.substring(i, Math.min(text.length(), i + 3))));
        }
        phrases.addAll(phraser.finish());
        assertEquals(0, phrases.get(0).start());
        for (int i = 1; i < phrases.size(); i++) {
            assertEquals(phrases.get(i - 1).end(), phrases.get(i).start());
            assertEquals(i, phrases.get(i).index());
        }
        assertEquals(text.length(), phrases.get(phrases.size() - 1).end());
    }

    @Test
    void streamingInAnyPiecesGivesTheSamePhrasesAsAllAtOnce() {
        String text = "Sure, I can help with that. Dr. Smith sees patients at 9 a.m. on Mon. and Tue. "
                + "The fee is $5.50, e.g. for a visit; it's 3.5 percent more than last year... "
                + "Call 555-1234 (ext. 12) or visit example.com today! Thanks.";
        List<String> whole = all(text);
        for (int size = 1; size <= 7; size++) {
            Phraser phraser = new Phraser(PhrasingPolicy.DEFAULT);
            List<String> streamed = new ArrayList<>();
            for (int i = 0; i < text.length(); i += size) {
                phraser.append(text.substring(i, Math.min(text.length(), i + size)))
                        .forEach(p -> streamed.add(p.text(phraser.text())));
            }
            phraser.finish().forEach(p -> streamed.add(p.text(phraser.text())));
            assertEquals(whole, streamed, "pieces of " + size);
        }
    }

    @Test
    void doesNotCutAtAbbreviationsDecimalsInitialsOrInsideNumbers() {
        assertEquals(List.of("Dr. Smith will see you at 9:30.", " The fee is $5.50.", " Thanks."),
                all("Dr. Smith will see you at 9:30. The fee is $5.50. Thanks."));
        assertEquals(List.of("J. R. R. Tolkien wrote it,", " e.g. The Hobbit."),
                all("J. R. R. Tolkien wrote it, e.g. The Hobbit."));
        assertEquals(List.of("Visit example.com for 1,000 deals."), all("Visit example.com for 1,000 deals."));
    }

    @Test
    void aPeriodAfterAmOrPmEndsASentenceOnlyBeforeACapital() {
        assertEquals(List.of("We open at 9 a.m.", " See you then."), all("We open at 9 a.m. See you then."));
        assertEquals(List.of("We open at 9 a.m. every day."), all("We open at 9 a.m. every day."));
    }

    @Test
    void theFirstPhraseIsCutAtAShortClauseLaterOnesNeedLongerClauses() {
        List<String> phrases = all("Your order has shipped, and it will arrive soon, probably on Friday, "
                + "or at the latest by Monday, depending on the carrier.");
        assertEquals("Your order has shipped,", phrases.get(0));
        assertEquals(" and it will arrive soon, probably on Friday,", phrases.get(1));
        assertEquals(" or at the latest by Monday, depending on the carrier.", phrases.get(2));
        assertEquals(List.of("Sure, let me check."), all("Sure, let me check."),
                "a comma in a very short first phrase does not cut");
    }

    @Test
    void keepsNumberListsAndDatesTogetherAtCommas() {
        assertEquals(List.of("The winning numbers are 4, 8, 15, 16, 23 and 42."),
                all("The winning numbers are 4, 8, 15, 16, 23 and 42."));
        assertEquals(List.of("Your appointment is March 5, 2025 at noon."),
                all("Your appointment is March 5, 2025 at noon."));
    }

    @Test
    void cutsLongTextWithoutPunctuationAtAWordBoundary() {
        String words = "word ".repeat(100).strip();
        Phraser phraser = new Phraser(new PhrasingPolicy(12, 40, 60));
        List<Phrase> phrases = new ArrayList<>(phraser.append(words));
        phrases.addAll(phraser.finish());
        assertTrue(phrases.size() >= 8, "phrases: " + phrases.size());
        for (Phrase p : phrases) {
            String t = p.text(phraser.text()).strip();
            assertTrue(t.length() <= 65, t);
            assertTrue(t.startsWith("word") && t.endsWith("word"), "cut inside a word: '" + t + "'");
        }
    }

    @Test
    void questionsExclamationsQuotesAndNewlinesEndPhrases() {
        assertEquals(List.of("Really?!", " He said \"stop.\"", " Then\n", "we left."),
                all("Really?! He said \"stop.\" Then\nwe left."));
    }

    @Test
    void whitespaceAloneIsNeverAPhrase() {
        Phraser phraser = new Phraser(PhrasingPolicy.DEFAULT);
        assertTrue(phraser.append("   ").isEmpty());
        assertTrue(phraser.finish().isEmpty());
        assertEquals(0, phraser.phraseCount());
    }

    @Test
    void textAfterTheEndIsRejected() {
        Phraser phraser = new Phraser(PhrasingPolicy.DEFAULT);
        phraser.append("Hi.");
        phraser.finish();
        assertThrows(IllegalStateException.class, () -> phraser.append("More."));
    }

    @Test
    void rejectsAnInconsistentPolicy() {
        assertThrows(IllegalArgumentException.class, () -> new PhrasingPolicy(12, 40, 20));
    }

    @Test
    void aSlowlyWrittenFirstSentenceIsSpokenFromItsFirstWholeWords() {
        long[] now = {0};
        Phraser phraser = new Phraser(new PhrasingPolicy(12, 40, 200, 300), () -> now[0]);
        assertTrue(phraser.append("Our open").isEmpty());
        now[0] = 150;
        assertTrue(phraser.append("ing hours").isEmpty(), "not waited long enough yet");
        now[0] = 310;
        List<Phrase> first = phraser.append(" are mon");
        assertEquals(List.of("Our opening hours are"), texts(phraser, first), "whole words only: not 'mon'");
        now[0] = 2000;
        assertTrue(phraser.append("day to friday").isEmpty(), "only the first phrase is cut by time");
        phraser.append(".");
        assertEquals(List.of(" monday to friday."), texts(phraser, phraser.finish()));
    }

    @Test
    void withoutAWaitOnlyPunctuationAndLengthCut() {
        long[] now = {0};
        Phraser phraser = new Phraser(new PhrasingPolicy(12, 40, 200), () -> now[0]);
        phraser.append("Our opening");
        now[0] = 5000;
        assertTrue(phraser.append(" hours are").isEmpty());
    }

    private static List<String> texts(Phraser phraser, List<Phrase> phrases) {
        return phrases.stream().map(p -> phraser.text().substring(p.start(), p.end())).toList();
    }
}
