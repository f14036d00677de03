package dev.parley.tts.intelligibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Word error rate: word-level edit distance between reference and hypothesis, over the reference length. */
public final class WordErrorRate {
    private WordErrorRate() {
    }

    /** Lower-case words; spelled "a m" / "p m" count as the one word "am" / "pm" a recognizer writes. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        String plain = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").replaceAll("\\b([ap]) m\\b", "$1m");
        for (String w : plain.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Edit operations (substitutions + deletions + insertions) needed to turn reference into hypothesis. */
    public static int errors(List<String> reference, List<String> hypothesis) {
        int[] prev = new int[hypothesis.size() + 1];
        int[] cur = new int[hypothesis.size() + 1];
        for (int j = 0; j <= hypothesis.size(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= reference.size(); i++) {
            cur[0] = i;
            for (int j = 1; j <= hypothesis.size(); j++) {
                int sub = prev[j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[hypothesis.size()];
    }

    public static double of(String reference, String hypothesis) {
        List<String> ref = words(reference);
        return ref.isEmpty() ? 0 : (double) errors(ref, words(hypothesis)) / ref.size();
    }
}
