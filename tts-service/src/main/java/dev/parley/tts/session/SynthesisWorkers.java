package dev.parley.tts.session;

import dev.parley.tts.TtsConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool synthesis runs on (never the Vert.x event loop). Its queue holds at most one task per active
 * stream, because each stream submits through its own {@link SerialExecutor}.
 */
@Singleton
public class SynthesisWorkers {
    private final ExecutorService pool;

    public SynthesisWorkers(TtsConfig config) {
        int threads = config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "tts-synthesis-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    Executor newStreamExecutor() {
        return new SerialExecutor(pool);
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
