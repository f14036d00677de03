package dev.parley.e2e.bench.load;

import dev.parley.e2e.bench.Percentiles;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.stack.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One round of N concurrent calls: what the callers measured, what the services spent, scored after the run. The
 * calls checked and timed are all the round's calls, or in a steady round those that ran with all N lines busy; CPU
 * and heap per call count every call.
 */
final class Round {
    static final String HEADER = "    N | calls | done | all checks | reply p50 / p95 ms | cores: gateway   stt  dlg   tts  anlt"
            + " | gw heap/call MB | gw %core/call | refused";

    private final int n;
    private final List<ScriptedCall> calls;
    private final List<ScriptedCall> checked;
    private final Map<Service, Double> cores;
    private final double gatewayCpuSeconds;
    private final long idleHeap;
    private final long peakHeap;
    private final double refusedCounted;
    private final List<String> failures = new ArrayList<>();
    private int passed;

    Round(int n, List<ScriptedCall> calls, List<ScriptedCall> checked, Map<Service, Double> cores,
          double gatewayCpuSeconds, long idleHeap, long peakHeap, double refusedCounted) {
        this.n = n;
        this.calls = calls;
        this.checked = checked;
        this.cores = cores;
        this.gatewayCpuSeconds = gatewayCpuSeconds;
        this.idleHeap = idleHeap;
        this.peakHeap = peakHeap;
        this.refusedCounted = refusedCounted;
    }

    void score(TurnTranscriber transcriber) {
        for (ScriptedCall call : checked) {
            if (call.refused()) {
                continue;
            }
            String failure = call.score(transcriber);
            if (failure == null) {
                passed++;
            } else {
                failures.add(failure);
            }
        }
    }

    /** Admitted calls whose every check passed (after {@link #score}). */
    int passed() {
        return passed;
    }

    int admitted() {
        return (int) calls.stream().filter(c -> !c.refused()).count();
    }

    List<Long> refusalMs() {
        return calls.stream().filter(ScriptedCall::refused).map(ScriptedCall::durationMs).toList();
    }

    double refusedCounted() {
        return refusedCounted;
    }

    List<String> failures() {
        return failures;
    }

    String row() {
        List<Long> latencies = new ArrayList<>();
        for (ScriptedCall call : checked) {
            if (!call.refused()) {
                latencies.addAll(call.latenciesMs());
            }
        }
        double liveSeconds = 0;
        for (ScriptedCall call : calls) {
            if (!call.refused()) {
                liveSeconds += call.durationMs() / 1000.0;
            }
        }
        long completed = checked.stream().filter(ScriptedCall::completed).count();
        String heapPerCall = peakHeap < 0 ? "      -" : String.format(Locale.ROOT, "%7.2f",
                (peakHeap - idleHeap) / 1e6 / Math.max(1, Math.min(n, admitted())));
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT,
                "%5d | %5d | %4d | %10d | %8d / %-7d |       %s | %15s | %13.2f | %7d", n, checked.size(), completed,
                passed, Percentiles.of(latencies, 50), Percentiles.of(latencies, 95), LoadBenchmark.cores(cores),
                heapPerCall, liveSeconds > 0 ? 100 * gatewayCpuSeconds / liveSeconds : Double.NaN,
                calls.size() - admitted()));
        for (String failure : failures) {
            row.append("\n        ").append(failure.replace('\n', ' '));
        }
        return row.toString();
    }
}
