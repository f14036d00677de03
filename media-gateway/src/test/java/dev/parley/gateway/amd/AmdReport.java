package dev.parley.gateway.amd;

import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** The figures the issue asks for, over one greeting set. */
record AmdReport(String set, List<AmdOutcome> outcomes, AmdSettings settings) {

    double accuracy() {
        return share(outcomes, AmdOutcome::right);
    }

    /** Humans taken for machines (the costly error: the agent stays silent or reads a voicemail to a person). */
    double humansAsMachines() {
        return share(of(AmdVerdict.Kind.HUMAN), o -> o.verdict().kind() == AmdVerdict.Kind.MACHINE);
    }

    double machinesAsHumans() {
        return share(of(AmdVerdict.Kind.MACHINE), o -> o.verdict().kind() == AmdVerdict.Kind.HUMAN);
    }

    double unknown() {
        return share(outcomes, o -> o.verdict().kind() == AmdVerdict.Kind.UNKNOWN);
    }

    /** Of the machines detected, the share whose greeting end was put right (after the beep, not too late). */
    double greetingEndsRight() {
        List<AmdOutcome> machines = of(AmdVerdict.Kind.MACHINE).stream()
                .filter(o -> o.verdict().kind() == AmdVerdict.Kind.MACHINE).toList();
        return share(machines, o -> o.greetingEndRight(settings));
    }

    long decisionPercentile(AmdVerdict.Kind label, double p) {
        return percentile(of(label).stream().mapToLong(o -> o.verdict().atMs()).toArray(), p);
    }

    /**
     * When the agent would start speaking to a person, since answer: the verdict, or the person's pause after a
     * verdict that came while they spoke. A person taken for a machine hears the voicemail message at the greeting's
     * end.
     */
    long humanAgentStartPercentile(double p) {
        return percentile(of(AmdVerdict.Kind.HUMAN).stream().mapToLong(AmdReport::agentStart).toArray(), p);
    }

    /** How long a person waited, after their last word, for the agent to speak. */
    long humanWaitPercentile(double p) {
        return percentile(of(AmdVerdict.Kind.HUMAN).stream()
                .mapToLong(o -> agentStart(o) - o.speechEndMs()).toArray(), p);
    }

    private static long agentStart(AmdOutcome o) {
        return o.agentStartMs() >= 0 ? o.agentStartMs() : o.greetingEndMs() >= 0 ? o.greetingEndMs() : Long.MAX_VALUE;
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("== %s: %d greetings (%d humans, %d machines)%n", set, outcomes.size(),
                of(AmdVerdict.Kind.HUMAN).size(), of(AmdVerdict.Kind.MACHINE).size()));
        s.append(String.format("accuracy %.1f %%, humans taken for machines %.1f %%, machines taken for humans %.1f %%,"
                        + " unknown %.1f %%%n", 100 * accuracy(), 100 * humansAsMachines(), 100 * machinesAsHumans(),
                100 * unknown()));
        s.append(String.format("decision time from answer: humans p50 %d ms p95 %d ms; machines p50 %d ms p95 %d ms%n",
                decisionPercentile(AmdVerdict.Kind.HUMAN, 50), decisionPercentile(AmdVerdict.Kind.HUMAN, 95),
                decisionPercentile(AmdVerdict.Kind.MACHINE, 50), decisionPercentile(AmdVerdict.Kind.MACHINE, 95)));
        s.append(String.format("agent starts speaking to humans, from answer: p50 %d ms p95 %d ms (not the decision:"
                + " a person decided on mid-sentence is let finish)%n", humanAgentStartPercentile(50),
                humanAgentStartPercentile(95)));
        s.append(String.format("humans' wait after their last word for the agent: p50 %d ms p95 %d ms%n",
                humanWaitPercentile(50), humanWaitPercentile(95)));
        s.append(String.format("greeting end put right (after the beep / after the last word): %.1f %% of machines"
                + " detected%n", 100 * greetingEndsRight()));
        s.append("per kind of greeting: right, decision time p50 / p95\n");
        for (String group : outcomes.stream().map(o -> o.greeting().group()).distinct().toList()) {
            List<AmdOutcome> in = outcomes.stream().filter(o -> o.greeting().group().equals(group)).toList();
            long[] times = in.stream().mapToLong(o -> o.verdict().atMs()).toArray();
            s.append(String.format("  %-40s %2d/%-2d %5d / %5d ms%n", group, in.stream().filter(AmdOutcome::right).count(),
                    in.size(), percentile(times, 50), percentile(times, 95)));
        }
        s.append("confusion (rows: truth, columns: verdict)   HUMAN  MACHINE  UNKNOWN\n");
        for (AmdVerdict.Kind truth : List.of(AmdVerdict.Kind.HUMAN, AmdVerdict.Kind.MACHINE)) {
            s.append(String.format("  %-40s %6d %8d %8d%n", truth, count(truth, AmdVerdict.Kind.HUMAN),
                    count(truth, AmdVerdict.Kind.MACHINE), count(truth, AmdVerdict.Kind.UNKNOWN)));
        }
        return s.toString();
    }

    /** Every wrong verdict and every misplaced greeting end, one per line. */
    String misses() {
        StringBuilder s = new StringBuilder();
        for (AmdOutcome o : outcomes) {
            boolean endWrong = o.verdict().kind() == AmdVerdict.Kind.MACHINE && o.right()
                    && !o.greetingEndRight(settings);
            if (!o.right() || endWrong) {
                s.append("  ").append(o.line()).append('\n');
            }
        }
        return s.toString();
    }

    /** Every call, one per line. */
    String every() {
        StringBuilder s = new StringBuilder();
        outcomes.forEach(o -> s.append("  ").append(o.line()).append('\n'));
        return s.toString();
    }

    private int count(AmdVerdict.Kind truth, AmdVerdict.Kind verdict) {
        return (int) of(truth).stream().filter(o -> o.verdict().kind() == verdict).count();
    }

    private List<AmdOutcome> of(AmdVerdict.Kind label) {
        return outcomes.stream().filter(o -> o.greeting().label() == label).toList();
    }

    private static double share(List<AmdOutcome> list, Predicate<AmdOutcome> p) {
        return list.isEmpty() ? 0 : (double) list.stream().filter(p).count() / list.size();
    }

    private static long percentile(long[] values, double p) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        // Nearest rank: the smallest value with at least p % of the values at or below it.
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
