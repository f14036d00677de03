package dev.parley.e2e.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs calls on their own threads: N at once, starting {@code staggerMs} apart like callers who did not agree, or N
 * kept live for a while, as a line with N lines busy sees them.
 */
final class Concurrent {
    private Concurrent() {
    }

    static List<ScriptedCall> calls(int n, long staggerMs, IntFunction<ScriptedCall> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<ScriptedCall>> running = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                running.add(threads.submit(() -> call.apply(index)));
                if (staggerMs > 0 && i + 1 < n) {
                    Thread.sleep(staggerMs);
                }
            }
            List<ScriptedCall> done = new ArrayList<>();
            for (Future<ScriptedCall> f : running) {
                done.add(f.get());
            }
            return done;
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * N callers each placing calls back to back until {@code durationMs} has passed, the i-th starting its first call
     * i/N of {@code periodMs} (about one call's length) after the first: once all have started, about N calls are
     * live at any moment and callers speak at independent moments, as on a busy line. Returns every call placed.
     */
    static List<ScriptedCall> steady(int n, long periodMs, long durationMs, IntFunction<ScriptedCall> call)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        List<ScriptedCall> placed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + durationMs * 1_000_000;
        try {
            List<Future<?>> callers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long offsetMs = periodMs * i / n;
                callers.add(threads.submit(() -> {
                    Thread.sleep(offsetMs);
                    while (System.nanoTime() < end) {
                        placed.add(call.apply(next.getAndIncrement()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : callers) {
                f.get();
            }
            return new ArrayList<>(placed);
        } finally {
            threads.shutdownNow();
        }
    }
}
