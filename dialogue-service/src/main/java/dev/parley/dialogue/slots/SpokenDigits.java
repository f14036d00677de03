package dev.parley.dialogue.slots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds numbers in a transcript as digit strings: "1234", "1 2 3 4", "one two three four", "twelve thirty four",
 * "ninety twelve", "nine oh one two", "double five", "one thousand two hundred thirty four". Numbers read in groups
 * ("twelve thirty four") are concatenated group by group, the way people read out codes; only a run that says
 * "hundred" or "thousand" is read as a quantity.
 */
public final class SpokenDigits {

    private static final Map<String, Integer> UNITS = Map.of("zero", 0, "one", 1, "two", 2, "three", 3, "four", 4,
            "five", 5, "six", 6, "seven", 7, "eight", 8, "nine", 9);
    private static final Map<String, Integer> TEENS = Map.of("ten", 10, "eleven", 11, "twelve", 12, "thirteen", 13,
            "fourteen", 14, "fifteen", 15, "sixteen", 16, "seventeen", 17, "eighteen", 18, "nineteen", 19);
    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    /** Words a recognizer writes for a digit inside a digit sequence; only digits when continuing a number. */
    private static final Map<String, Integer> HOMOPHONES = Map.of("to", 2, "too", 2, "for", 4, "won", 1);
    private static final Map<String, Integer> REPEATS = Map.of("double", 2, "triple", 3);
    /** Hesitations that do not break a number ("one two uh three four"). */
    private static final List<String> FILLERS = List.of("uh", "um", "er", "erm", "hmm");

    private SpokenDigits() {
    }

    /** Every number in {@code text}, in order (with no confidence). */
    public static List<DigitRun> find(String text) {
        return find(Utterance.of(text));
    }

    /** Every number the caller said, in order, each with the lowest confidence among the words that said it. */
    public static List<DigitRun> find(Utterance said) {
        List<String> tokens = said.tokens();
        List<DigitRun> runs = new ArrayList<>();
        List<String> run = new ArrayList<>();
        Float runConfidence = null;
        int lastNumberToken = -1;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (isNumberWord(tokens, i)) {
                run.add(canonical(t));
                runConfidence = Confidence.lowest(runConfidence, said.confidence(i));
                lastNumberToken = i;
            } else if (FILLERS.contains(t) && !run.isEmpty()) {
                continue;
            } else if (!run.isEmpty()) {
                runs.add(evaluate(run, false, runConfidence));
                run = new ArrayList<>();
                runConfidence = null;
            }
        }
        if (!run.isEmpty()) {
            boolean trailing = onlyFillersAfter(tokens, lastNumberToken);
            runs.add(evaluate(run, trailing, runConfidence));
        }
        runs.removeIf(r -> r.digits().isEmpty());
        return runs;
    }

    /** The value of a number word from "zero" to "ninety" ("seven", "fifteen", "forty"), or null. */
    static Integer wordValue(String token) {
        Integer v = UNITS.get(token);
        if (v == null) {
            v = TEENS.get(token);
        }
        return v != null ? v : TENS.get(token);
    }

    private static boolean isNumberWord(List<String> tokens, int i) {
        String t = tokens.get(i);
        if (t.chars().allMatch(Character::isDigit) || UNITS.containsKey(t) || TEENS.containsKey(t)
                || TENS.containsKey(t) || t.equals("hundred") || t.equals("thousand")) {
            return true;
        }
        if (REPEATS.containsKey(t)) {
            return i + 1 < tokens.size() && isPlainNumber(tokens.get(i + 1));
        }
        if (t.equals("oh") || t.equals("o")) {
            return (i > 0 && isPlainNumber(tokens.get(i - 1))) || (i + 1 < tokens.size() && isPlainNumber(tokens.get(i + 1)));
        }
        if (t.equals("and")) {
            return i > 0 && i + 1 < tokens.size() && isPlainNumber(tokens.get(i - 1)) && isPlainNumber(tokens.get(i + 1));
        }
        if (HOMOPHONES.containsKey(t)) {
            // "one to three four", "one two three for": a digit when it continues a number.
            return i > 0 && isPlainNumber(tokens.get(i - 1))
                    && (i + 1 == tokens.size() || isPlainNumber(tokens.get(i + 1)));
        }
        return false;
    }

    private static boolean isPlainNumber(String t) {
        return t.chars().allMatch(Character::isDigit) || UNITS.containsKey(t) || TEENS.containsKey(t)
                || TENS.containsKey(t) || t.equals("hundred") || t.equals("thousand");
    }

    private static String canonical(String t) {
        if (t.equals("oh") || t.equals("o")) {
            return "zero";
        }
        Integer homophone = HOMOPHONES.get(t);
        if (homophone != null) {
            return String.valueOf(homophone);
        }
        return t;
    }

    private static boolean onlyFillersAfter(List<String> tokens, int index) {
        for (int i = index + 1; i < tokens.size(); i++) {
            if (!FILLERS.contains(tokens.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static DigitRun evaluate(List<String> run, boolean trailing, Float confidence) {
        boolean quantity = run.contains("hundred") || run.contains("thousand");
        return new DigitRun(quantity ? quantity(run) : groups(run), trailing, confidence);
    }

    /** "twelve thirty four" -> 1234, "nine zero one two" -> 9012: each group adds its own digits. */
    private static String groups(List<String> run) {
        StringBuilder out = new StringBuilder();
        Integer pendingTens = null;
        int repeat = 1;
        for (String t : run) {
            if (REPEATS.containsKey(t)) {
                repeat = REPEATS.get(t);
                continue;
            }
            Integer unit = UNITS.get(t);
            if (unit != null && pendingTens != null) {
                out.append(pendingTens + unit);
                pendingTens = null;
                continue;
            }
            if (pendingTens != null) {
                out.append(pendingTens);
                pendingTens = null;
            }
            if (TENS.containsKey(t)) {
                pendingTens = TENS.get(t);
                continue;
            }
            String digits;
            if (unit != null) {
                digits = String.valueOf(unit);
            } else if (TEENS.containsKey(t)) {
                digits = String.valueOf(TEENS.get(t));
            } else if (t.equals("and")) {
                digits = "";
            } else {
                digits = t;
            }
            out.append(digits.repeat(repeat));
            repeat = 1;
        }
        if (pendingTens != null) {
            out.append(pendingTens);
        }
        return out.toString();
    }

    /** "one thousand two hundred and thirty four" -> 1234. */
    private static String quantity(List<String> run) {
        long total = 0;
        long current = 0;
        for (String t : run) {
            if (t.equals("hundred")) {
                current = (current == 0 ? 1 : current) * 100;
            } else if (t.equals("thousand")) {
                total += (current == 0 ? 1 : current) * 1000;
                current = 0;
            } else if (UNITS.containsKey(t)) {
                current += UNITS.get(t);
            } else if (TEENS.containsKey(t)) {
                current += TEENS.get(t);
            } else if (TENS.containsKey(t)) {
                current += TENS.get(t);
            } else if (!t.equals("and") && !REPEATS.containsKey(t) && t.length() <= 9) {
                current += Long.parseLong(t);
            }
        }
        return String.valueOf(total + current);
    }
}
