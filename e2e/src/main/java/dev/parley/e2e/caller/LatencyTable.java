package dev.parley.e2e.caller;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Voice-to-voice latency per turn as the caller experiences it: from the last speech frame the caller sent to the
 * first agent audio frame that arrived. The greeting is listed (measured from {@code start}) but left out of the
 * median, which is about answering the caller.
 */
public final class LatencyTable {
    private LatencyTable() {
    }

    /** Latencies (ms) of the turns that answer a caller utterance and received audio. */
    public static List<Long> replyLatencies(List<AgentTurn> turns) {
        List<Long> out = new ArrayList<>();
        for (AgentTurn t : turns) {
            if (t.callerText() != null && t.latencyMs() >= 0) {
                out.add(t.latencyMs());
            }
        }
        return out;
    }

    /** The median, averaging the middle pair for an even count; -1 when there is nothing to measure. */
    public static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static String format(List<AgentTurn> turns) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-4s  %-44s  %s%n", "turn", "after", "first agent audio (ms)"));
        for (AgentTurn t : turns) {
            String after = t.callerText() == null ? "(call start: greeting)" : "\"" + t.callerText() + "\"";
            String latency = t.latencyMs() < 0 ? "no audio" : Long.toString(t.latencyMs());
            out.append(String.format("%-4d  %-44s  %s%n", t.index(), abbreviate(after, 44), latency));
        }
        long median = median(replyLatencies(turns));
        out.append(String.format("%-4s  %-44s  %s%n", "", "median of replies",
                median < 0 ? "n/a" : Long.toString(median)));
        return out.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
