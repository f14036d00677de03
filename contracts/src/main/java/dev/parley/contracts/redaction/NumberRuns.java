package dev.parley.contracts.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds runs of digits in a tokenized text, written ("482913", "4829-13", "(555) 010-0100"), spoken ("four eight two
 * nine one three", "oh", "double five", "twenty one") or both mixed, with the digits each run says. A run continues
 * across spaces, commas, hyphens, dots, parentheses and hesitations ("five five five uh zero one"), so a phone number
 * read with pauses stays one run; any other word ("and", "appointments") ends it.
 */
final class NumberRuns {

    /** One run: tokens [first, last] of the text and the digits it says ("twenty one" → "21"). */
    record Run(int first, int last, String digits) {
    }

    private static final Map<String, String> UNITS = Map.of("zero", "0", "one", "1", "two", "2", "three", "3",
            "four", "4", "five", "5", "six", "6", "seven", "7", "eight", "8", "nine", "9");
    private static final Map<String, String> TEENS = Map.of("ten", "10", "eleven", "11", "twelve", "12",
            "thirteen", "13", "fourteen", "14", "fifteen", "15", "sixteen", "16", "seventeen", "17", "eighteen", "18",
            "nineteen", "19");
    private static final Map<String, String> TENS = Map.of("twenty", "2", "thirty", "3", "forty", "4", "fifty", "5",
            "sixty", "6", "seventy", "7", "eighty", "8", "ninety", "9");
    /** Quantities add their zeros, so "two thousand" counts like a written "2000". */
    private static final Map<String, String> SCALES = Map.of("hundred", "00", "thousand", "000");
    /** What a recognizer writes for a digit inside a number ("one to three four"): digits only there. */
    private static final Map<String, String> HOMOPHONES = Map.of("to", "2", "too", "2", "for", "4", "won", "1");
    private static final Map<String, Integer> REPEATS = Map.of("double", 2, "triple", 3);
    private static final Set<String> ZEROS = Set.of("oh", "o");
    private static final Set<String> FILLERS = Set.of("uh", "um", "er", "erm", "hmm", "uhm");
    /** Between two parts of one number: "555-0100", "555.010.0100", "(555) 010", "1,234", "+1 555". */
    private static final String SEPARATORS = ",-.()/+";

    private NumberRuns() {
    }

    static List<Run> find(String text, List<Token> tokens) {
        List<Run> runs = new ArrayList<>();
        int n = tokens.size();
        int i = 0;
        while (i < n) {
            if (!isNumber(tokens, i)) {
                i++;
                continue;
            }
            int last = i;
            int j = i + 1;
            while (j < n && Tokens.gapOnly(text, tokens.get(j - 1), tokens.get(j), SEPARATORS)) {
                if (isNumber(tokens, j)) {
                    last = j;
                } else if (!FILLERS.contains(tokens.get(j).word())) {
                    break;
                }
                j++;
            }
            String digits = digits(tokens, i, last);
            if (!digits.isEmpty()) {
                runs.add(new Run(i, last, digits));
            }
            i = last + 1;
        }
        return runs;
    }

    /** The digits a whole text says when it is nothing but one number ("4829-13", "four eight two"), else null. */
    static String digitsOnly(String text) {
        List<Token> tokens = Tokens.of(text);
        List<Run> runs = find(text, tokens);
        if (runs.size() != 1 || runs.get(0).first() != 0 || runs.get(0).last() != tokens.size() - 1) {
            return null;
        }
        return runs.get(0).digits();
    }

    private static boolean isNumber(List<Token> tokens, int i) {
        String w = tokens.get(i).word();
        if (isPlain(tokens.get(i))) {
            return true;
        }
        if (ZEROS.contains(w)) {
            // "oh" alone is an interjection; next to another number it is a zero ("nine oh one").
            return (i > 0 && isPlain(tokens.get(i - 1))) || (i + 1 < tokens.size() && isPlain(tokens.get(i + 1)));
        }
        if (REPEATS.containsKey(w)) {
            return i + 1 < tokens.size()
                    && (isPlain(tokens.get(i + 1)) || ZEROS.contains(tokens.get(i + 1).word()));
        }
        if (HOMOPHONES.containsKey(w)) {
            return i > 0 && isPlain(tokens.get(i - 1)) && (i + 1 == tokens.size() || isPlain(tokens.get(i + 1)));
        }
        return false;
    }

    private static boolean isPlain(Token t) {
        String w = t.word();
        return t.digits() || UNITS.containsKey(w) || TEENS.containsKey(w) || TENS.containsKey(w)
                || SCALES.containsKey(w);
    }

    private static String digits(List<Token> tokens, int first, int last) {
        StringBuilder out = new StringBuilder();
        int repeat = 1;
        for (int i = first; i <= last; i++) {
            Token t = tokens.get(i);
            String w = t.word();
            if (FILLERS.contains(w) && !t.digits()) {
                continue;
            }
            Integer times = REPEATS.get(w);
            if (times != null) {
                repeat = times;
                continue;
            }
            String piece;
            if (TENS.containsKey(w)) {
                // "twenty one" is two digits, "twenty" alone is "20".
                String unit = nextUnit(tokens, i, last);
                piece = TENS.get(w) + (unit != null ? unit : "0");
                if (unit != null) {
                    i = nextIndex(tokens, i, last);
                }
            } else {
                piece = single(t);
            }
            out.append(piece.repeat(repeat));
            repeat = 1;
        }
        return out.toString();
    }

    private static String single(Token t) {
        String w = t.word();
        if (t.digits()) {
            return w;
        }
        if (ZEROS.contains(w)) {
            return "0";
        }
        String d = UNITS.get(w);
        if (d == null) {
            d = TEENS.get(w);
        }
        if (d == null) {
            d = SCALES.get(w);
        }
        return d != null ? d : HOMOPHONES.get(w);
    }

    private static String nextUnit(List<Token> tokens, int i, int last) {
        int next = nextIndex(tokens, i, last);
        if (next < 0) {
            return null;
        }
        String d = UNITS.get(tokens.get(next).word());
        return d != null && !d.equals("0") ? d : null;
    }

    /** The token right after {@code i} within the run, when no hesitation stands between them; else -1. */
    private static int nextIndex(List<Token> tokens, int i, int last) {
        return i + 1 <= last ? i + 1 : -1;
    }
}
