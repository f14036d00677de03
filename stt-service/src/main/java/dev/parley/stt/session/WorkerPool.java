package dev.parley.stt.session;

import dev.parley.stt.SttConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed set of threads that run the (CPU-bound) engines for every stream. Its queue holds at most one drain
 * task per stream, so it is bounded by the stream limit.
 */
@Singleton
public class WorkerPool implements Executor {
    private final ExecutorService pool;

    WorkerPool(SttConfig config) {
        int threads = config.workerThreads() > 0 ? config.workerThreads() : Runtime.getRuntime().availableProcessors();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "stt-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
