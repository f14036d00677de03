package dev.parley.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares what the phone played (its transcript) with the text the agent meant to say, word by word (a minimum
 * edit alignment), to tell how an interrupted sentence went on: whether it reached its end, whether words came twice
 * (a resume from an earlier point than where playback stopped), and whether anything else crept in (a stutter: a
 * clipped word replayed, heard as an extra word) or went missing (a resume from a later point).
 */
record ResumeCheck(boolean completed, int repeated, int extra, int missing) {
    /**
     * How far (in reference words, either side) an inserted word may be from its twin to count as "the same word
     * again": a repeated stretch can be aligned before or after the words it repeats.
     */
    private static final int REPEAT_REACH = 4;

    /** Reached its last word with no word repeated, none added and at most one lost (the recognizer drops some). */
    boolean clean() {
        return completed && repeated == 0 && extra == 0 && missing <= 1;
    }

    static ResumeCheck of(String meant, String heard) {
        String[] ref = words(meant);
        String[] hyp = words(heard);
        int n = ref.length;
        int m = hyp.length;
        int[][] cost = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            cost[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            cost[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int sub = cost[i - 1][j - 1] + (ref[i - 1].equals(hyp[j - 1]) ? 0 : 1);
                cost[i][j] = Math.min(sub, Math.min(cost[i - 1][j] + 1, cost[i][j - 1] + 1));
            }
        }
        // Walk back from the end, preferring matches, and classify every step.
        int repeated = 0;
        int extra = 0;
        int missing = 0;
        boolean lastMatched = false;
        List<Integer> insertedAt = new ArrayList<>();
        List<String> inserted = new ArrayList<>();
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1].equals(hyp[j - 1]) ? 0 : 1)) {
                if (i == n && ref[i - 1].equals(hyp[j - 1])) {
                    lastMatched = true;
                }
                i--;
                j--;
            } else if (j > 0 && cost[i][j] == cost[i][j - 1] + 1) {
                insertedAt.add(i);
                inserted.add(hyp[j - 1]);
                j--;
            } else {
                missing++;
                i--;
            }
        }
        for (int k = 0; k < inserted.size(); k++) {
            if (occursNear(ref, insertedAt.get(k), inserted.get(k))) {
                repeated++;
            } else {
                extra++;
            }
        }
        return new ResumeCheck(lastMatched, repeated, extra, missing);
    }

    /** Whether {@code word} is among the few reference words around position {@code at}. */
    private static boolean occursNear(String[] ref, int at, String word) {
        for (int k = Math.max(0, at - REPEAT_REACH); k < Math.min(ref.length, at + REPEAT_REACH); k++) {
            if (ref[k].equals(word)) {
                return true;
            }
        }
        return false;
    }

    static String[] words(String text) {
        String clean = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").trim();
        return clean.isEmpty() ? new String[0] : clean.split("\\s+");
    }
}
