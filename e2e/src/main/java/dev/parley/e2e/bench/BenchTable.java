package dev.parley.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's figures as one compact table: latencies as p50/p95/max with their count, shares as x/n (%). */
final class BenchTable {
    private static final String ROW = "%-66s %s%n";
    private final String title;
    private final List<String> rows = new ArrayList<>();

    BenchTable(String title) {
        this.title = title;
    }

    void latency(String label, List<Long> ms) {
        rows.add(String.format(Locale.ROOT, ROW, label, ms.isEmpty() ? "n=0" : String.format(Locale.ROOT,
                "p50 %5d  p95 %5d  max %5d ms  n=%d", Percentiles.of(ms, 50), Percentiles.of(ms, 95),
                Percentiles.of(ms, 100), ms.size())));
    }

    /** Latencies with a fixed part taken off the median (an LLM's time to first token). */
    void latencyMinus(String label, List<Long> ms, long minus) {
        List<Long> heard = ms.stream().filter(v -> v >= 0).toList();
        latency(label, heard);
        if (!heard.isEmpty()) {
            note("  p50 minus time to first token (" + minus + " ms)", (Percentiles.of(heard, 50) - minus) + " ms");
        }
    }

    void share(String label, int count, int of) {
        rows.add(String.format(Locale.ROOT, ROW, label, String.format(Locale.ROOT, "%d/%d (%.0f %%)", count, of,
                100.0 * count / Math.max(1, of))));
    }

    void note(String label, String value) {
        rows.add(String.format(Locale.ROOT, ROW, label, value));
    }

    /** One part of the benchmark, which may fail: the failure becomes a row and the other parts still run. */
    interface Part {
        void run() throws Exception;
    }

    void part(String name, Part part) {
        try {
            part.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            note(name, "interrupted");
        } catch (Exception e) {
            e.printStackTrace();
            note(name + ": FAILED", String.valueOf(e.getMessage()));
        }
    }

    void print() {
        System.out.println();
        System.out.println(title);
        rows.forEach(System.out::print);
    }
}
