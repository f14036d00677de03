package dev.parley.stt.numbers;

import dev.parley.stt.recognizer.Recognition;
import dev.parley.stt.recognizer.RecognizedWord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Word times and confidences below are Vosk's, from phone-band espeak-ng and flite dictations. */
class NumberMergeTest {

    @Test
    void digitsHeardByTheDigitsPassReplaceWhatTheOpenPassMadeOfThem() {
        Recognition open = words("my 0.85 30 180", "order 1.0 180 450", "number 1.0 450 760", "in 0.38 780 900",
                "eight 0.54 900 1100", "free 0.87 1110 1470");
        Recognition digits = words("[unk] 1.0 0 940", "eight 0.87 940 1110", "three 0.87 1110 1470");
        Recognition merged = NumberMerge.merge(open, digits);
        assertEquals("my order number in eight three", merged.text());
        assertEquals(6, merged.words().size());
        assertEquals(1110, merged.words().get(5).startMs());
    }

    @Test
    void wordsOutsideTheDigitsStayAndMisheardNumberWordsGo() {
        Recognition open = words("migration 0.78 210 870", "number 0.91 900 1260", "is 0.91 1260 1380",
                "ninety 1.0 1380 1860", "nine 1.0 1920 2250");
        Recognition digits = words("[unk] 1.0 0 1380", "nine 1.0 1410 1680", "two 1.0 1680 1890",
                "nine 1.0 1890 2250");
        assertEquals("migration number is nine two nine", NumberMerge.merge(open, digits).text());
    }

    @Test
    void aClearWordThatIsNoNumberKeepsItsStretch() {
        // "is my four year old too young": a digits-only pass may make "four zero one two" of it.
        Recognition open = words("is 0.4 210 390", "my 1.0 410 660", "four 1.0 660 930", "year 1.0 930 1050",
                "old 1.0 1050 1320", "too 1.0 1320 1440", "young 1.0 1440 1650");
        Recognition digits = words("[unk] 1.0 210 650", "four 0.8 660 930", "zero 0.6 930 1050",
                "one 0.6 1050 1320", "two 0.7 1320 1440", "[unk] 1.0 1440 1650");
        assertSame(open, NumberMerge.merge(open, digits));
    }

    @Test
    void aLoneOrUnsureDigitIsNotTaken() {
        Recognition open = words("close 1.0 0 400", "for 0.9 400 600", "lunch 0.9 600 900");
        assertSame(open, NumberMerge.merge(open, words("[unk] 1.0 0 400", "four 0.9 400 600", "[unk] 1.0 600 900")));
        Recognition misheard = words("it 0.49 0 260", "i 0.24 270 510");
        assertSame(misheard, NumberMerge.merge(misheard, words("eight 0.4 120 210", "nine 0.9 210 600")));
        assertEquals("eight nine", NumberMerge.merge(misheard, words("eight 0.76 120 210", "nine 0.92 210 600")).text());
    }

    @Test
    void anOhAtTheEdgeOfARunIsTakenOnlyWhenTheOpenPassHeardItToo() {
        // kal16's "where is my order one two three four": the digits pass made "oh" of the end of "order".
        Recognition open = words("whereas 0.9 0 500", "my 1.0 500 650", "order 0.9 650 1000", "one 1.0 1010 1250",
                "two 1.0 1250 1480", "three 1.0 1480 1700", "four 1.0 1700 2000");
        Recognition digits = words("[unk] 1.0 0 880", "oh 0.7 880 1000", "one 0.9 1010 1250", "two 0.9 1250 1480",
                "three 0.9 1480 1700", "four 0.9 1700 2000");
        assertSame(open, NumberMerge.merge(open, digits));
        Recognition heardOh = words("it's 1.0 0 300", "oh 0.8 300 500", "one 0.7 500 700", "to 0.6 700 900");
        assertEquals("it's oh one two", NumberMerge.merge(heardOh, words("[unk] 1.0 0 300", "oh 0.9 300 500",
                "one 0.9 500 700", "two 0.9 700 900")).text());
        Recognition inside = words("five 0.6 0 300", "o 0.5 300 450", "to 0.6 450 700");
        assertEquals("five oh two", NumberMerge.merge(inside, words("five 0.9 0 300", "oh 0.9 300 450",
                "two 0.9 450 700")).text());
    }

    @Test
    void aNumberTheOpenPassHeardIsNotGivenAnotherLength() {
        // espeak en-029 "my order number is five six seven eight": the digits pass made a "five" of "may".
        Recognition open = words("may 0.6 900 1120", "five 0.9 1120 1400", "six 0.9 1400 1650", "seven 0.9 1650 1900",
                "eight 0.9 1900 2150");
        Recognition digits = words("five 0.8 950 1120", "five 0.9 1120 1400", "six 0.9 1400 1650",
                "seven 0.9 1650 1900", "eight 0.9 1900 2150");
        assertSame(open, NumberMerge.merge(open, digits));
        // The same count, with a digit the open pass wrote as a word: taken.
        Recognition homophone = words("five 1.0 120 570", "to 1.0 570 750", "four 1.0 750 1470");
        assertEquals("five two four", NumberMerge.merge(homophone, words("five 1.0 120 570", "two 1.0 570 750",
                "four 1.0 750 1470")).text());
    }

    @Test
    void runsAreBrokenByAnythingElseHeardBetweenThem() {
        List<List<RecognizedWord>> runs = NumberMerge.digitRuns(words("one 0.9 0 100", "two 0.9 100 200",
                "[unk] 1.0 200 600", "three 0.9 600 700", "four 0.9 700 800", "five 0.9 800 900").words());
        assertEquals(2, runs.size());
        assertEquals(3, runs.get(1).size());
    }

    @Test
    void sameDigitsOrNoDigitsLeaveTheOpenTranscriptAsItIs() {
        Recognition open = words("my 1.0 150 510", "number 1.0 720 1110", "is 1.0 1110 1320", "eight 1.0 1320 1560",
                "three 1.0 1590 2070");
        assertSame(open, NumberMerge.merge(open, words("[unk] 1.0 180 1330", "eight 0.73 1330 1530",
                "three 1.0 1590 2070")));
        assertSame(open, NumberMerge.merge(open, words("[unk] 1.0 0 2070")));
        assertSame(open, NumberMerge.merge(open, words()));
    }

    /** Words as "word confidence startMs endMs". */
    private static Recognition words(String... specs) {
        List<RecognizedWord> list = new ArrayList<>();
        for (String spec : specs) {
            String[] p = spec.split(" ");
            list.add(new RecognizedWord(p[0], Long.parseLong(p[2]), Long.parseLong(p[3]), Float.parseFloat(p[1])));
        }
        return Recognition.finalResult(String.join(" ", list.stream().map(RecognizedWord::word).toList()), list,
                "vosk");
    }
}
