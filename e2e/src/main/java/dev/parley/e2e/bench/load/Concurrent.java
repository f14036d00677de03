package dev.parley.e2e.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs N calls at once, each on its own thread, starting {@code staggerMs} apart like callers who did not agree. */
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
}
