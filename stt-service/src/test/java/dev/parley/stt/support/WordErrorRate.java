package dev.parley.stt.support;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word error rate: word-level edit distance (substitutions + deletions + insertions) over reference words. */
public final class WordErrorRate {
    private long errors;
    private long referenceWords;

    public void add(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        errors += distance(ref, hyp);
        referenceWords += ref.size();
    }

    public long errors() {
        return errors;
    }

    public long referenceWords() {
        return referenceWords;
    }

    public double rate() {
        return referenceWords == 0 ? 0 : (double) errors / referenceWords;
    }

    public static List<String> words(String text) {
        String clean = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").trim();
        return clean.isEmpty() ? List.of() : Arrays.asList(clean.split("\\s+"));
    }

    static int distance(List<String> a, List<String> b) {
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.size(); j++) {
                int sub = prev[j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }
}
