package dev.parley.dialogue.flow.paraphrase;

import dev.parley.dialogue.flow.paraphrase.CorpusRun.Outcome;
import dev.parley.dialogue.flow.paraphrase.CorpusRun.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** A corpus run's figures: accuracy in and out of scope, clarifications, a confusion table and the misses. */
record CorpusReport(String tenant, String part, List<Outcome> outcomes) {

    static final double CLARIFICATION_CAP = 0.10;
    /** A part whose sentences and misses are never printed, so that nobody tunes on them: only its figures are. */
    static final String UNSEEN_PART = "heldout2";

    /** {@link #misses()}, or a line saying why they are not shown for the unseen part. */
    String missesUnlessUnseen() {
        return part.equals(UNSEEN_PART) ? "  (misses of " + UNSEEN_PART + " are not printed: it stays unseen)\n"
                : misses();
    }

    int requests() {
        return outcomes.size();
    }

    long inScope() {
        return outcomes.stream().filter(o -> !o.outOfScope()).count();
    }

    long outOfScope() {
        return requests() - inScope();
    }

    long count(boolean outOfScope, Verdict verdict) {
        return outcomes.stream().filter(o -> o.outOfScope() == outOfScope && o.verdict() == verdict).count();
    }

    /** Requests answered right, clarifications about the right thing included, over all requests. */
    double accuracy() {
        return ratio(requests() - count(false, Verdict.WRONG) - count(true, Verdict.WRONG), requests());
    }

    /**
     * The measure: like {@link #accuracy()}, but clarifications count for at most {@code CLARIFICATION_CAP} of
     * the requests — asking "do you mean...?" about everything would otherwise score as understanding.
     */
    double cappedAccuracy() {
        long clarified = count(false, Verdict.CLARIFIED);
        long counted = Math.min(clarified, (long) Math.floor(CLARIFICATION_CAP * requests()));
        return ratio(requests() - count(false, Verdict.WRONG) - count(true, Verdict.WRONG) - clarified + counted,
                requests());
    }

    /** Share of all requests that got a clarifying question about the right thing. */
    double clarificationRate() {
        return ratio(count(false, Verdict.CLARIFIED), requests());
    }

    double inScopeAccuracy() {
        return ratio(inScope() - count(false, Verdict.WRONG), inScope());
    }

    /** Out-of-scope requests that got no wrong fact (the fallback, a re-ask, an offer or a clarifying question). */
    double outOfScopeSafety() {
        return ratio(count(true, Verdict.RIGHT), outOfScope());
    }

    String summary() {
        return String.format(Locale.ROOT, "%-11s %-8s %3d requests: right %5.1f %%, %5.1f %% with clarifications capped "
                        + "at 10 %% (in scope %5.1f %% of %d, by clarification %4.1f %% of all; out of scope safe %5.1f "
                        + "%% of %d)", tenant, part, requests(), 100 * accuracy(), 100 * cappedAccuracy(),
                100 * inScopeAccuracy(), inScope(), 100 * clarificationRate(),
                100 * outOfScopeSafety(), outOfScope());
    }

    /** Expected outcome (rows) against the flow's (columns), slot values left out; '?' is a clarifying question. */
    String confusion() {
        TreeSet<String> rows = new TreeSet<>();
        TreeSet<String> columns = new TreeSet<>();
        Map<String, Integer> cells = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            String row = base(o.expected());
            String column = o.got().startsWith("?") ? "?" + base(o.got().substring(1)) : base(o.got());
            rows.add(row);
            columns.add(column);
            cells.merge(row + "\n" + column, 1, Integer::sum);
        }
        List<String> cols = new ArrayList<>(columns);
        StringBuilder out = new StringBuilder("  columns: ");
        for (int i = 0; i < cols.size(); i++) {
            out.append(i + 1).append('=').append(cols.get(i)).append(i + 1 < cols.size() ? "  " : "\n");
        }
        out.append(String.format(Locale.ROOT, "  %-18s", "expected \\ got"));
        for (int i = 0; i < cols.size(); i++) {
            out.append(String.format(Locale.ROOT, "%4d", i + 1));
        }
        out.append('\n');
        for (String row : rows) {
            out.append(String.format(Locale.ROOT, "  %-18s", row));
            for (String col : cols) {
                Integer n = cells.get(row + "\n" + col);
                out.append(String.format(Locale.ROOT, "%4s", n == null ? "." : n.toString()));
            }
            out.append('\n');
        }
        return out.toString();
    }

    String misses() {
        StringBuilder out = new StringBuilder();
        for (Outcome o : outcomes) {
            if (o.verdict() != Verdict.RIGHT) {
                out.append(String.format(Locale.ROOT, "  %-9s %-24s got %-24s \"%s\" -> %s%n",
                        o.verdict() == Verdict.WRONG ? "WRONG" : "clarified", o.expected(), o.got(), o.text(),
                        o.said()));
            }
        }
        return out.toString();
    }

    private static String base(String label) {
        int paren = label.indexOf('(');
        return paren < 0 ? label : label.substring(0, paren);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 1 : (double) part / whole;
    }
}
