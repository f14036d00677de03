package dev.parley.stt.callers;

import dev.parley.stt.support.WordErrorRate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words the dialogue acts on, which a word error rate can hide: order and patient numbers (two or more digits
 * read one by one; right only when every digit is heard, in order) and the names in the requests (payment brands,
 * insurers, places, days).
 */
public final class KeyWords {
    private static final List<String> DIGITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine");
    private static final Set<String> NAMES = Set.of("paypal", "amex", "apple", "cigna", "guardian", "tokyo", "everest",
            "spain", "monday", "friday", "saturday");
    private int numbers;
    private int numbersRight;
    private int names;
    private int namesHeard;

    public void add(String reference, String hypothesis) {
        List<String> ref = WordErrorRate.words(reference);
        List<String> hyp = WordErrorRate.words(hypothesis);
        String refDigits = digits(ref);
        if (refDigits.length() >= 2) {
            numbers++;
            if (digits(hyp).contains(refDigits)) {
                numbersRight++;
            }
        }
        Map<String, Integer> heard = new HashMap<>();
        hyp.stream().filter(NAMES::contains).forEach(w -> heard.merge(w, 1, Integer::sum));
        for (String w : ref) {
            if (NAMES.contains(w)) {
                names++;
                if (heard.merge(w, -1, Integer::sum) >= 0) {
                    namesHeard++;
                }
            }
        }
    }

    private static String digits(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            int d = DIGITS.indexOf(w);
            if (d >= 0) {
                out.add(Integer.toString(d));
            }
        }
        return String.join("", out);
    }

    public String numbers() {
        return numbersRight + "/" + numbers;
    }

    public String names() {
        return namesHeard + "/" + names;
    }
}
