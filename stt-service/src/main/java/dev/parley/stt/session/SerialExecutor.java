package dev.parley.stt.session;

import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one stream's tasks one at a time, in submission order, on a shared pool: a stream's audio is processed in
 * order without a thread of its own. A drain gives its thread back after a few tasks so busy streams take turns.
 */
public final class SerialExecutor {
    private static final Logger LOG = Logger.getLogger(SerialExecutor.class);
    private static final int TASKS_PER_TURN = 8;

    private final Executor pool;
    private final int maxQueued;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    /** @param maxQueued bound for {@link #execute}; {@link #executeControl} tasks are always accepted */
    public SerialExecutor(Executor pool, int maxQueued) {
        this.pool = pool;
        this.maxQueued = maxQueued;
    }

    /** Queues a data task; throws {@link RejectedExecutionException} when the stream is this far behind. */
    public void execute(Runnable task) {
        enqueue(task, true);
    }

    /** Queues a lifecycle task (cancel, completion), which must never be dropped. */
    public void executeControl(Runnable task) {
        enqueue(task, false);
    }

    private void enqueue(Runnable task, boolean bounded) {
        synchronized (this) {
            if (bounded && tasks.size() >= maxQueued) {
                throw new RejectedExecutionException(tasks.size() + " requests queued for this stream");
            }
            tasks.addLast(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                scheduled = false;
                tasks.clear();
            }
            throw e;
        }
    }

    private void drain() {
        for (int i = 0; i < TASKS_PER_TURN; i++) {
            Runnable task;
            synchronized (this) {
                task = tasks.pollFirst();
                if (task == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("stream task failed", e);
            }
        }
        synchronized (this) {
            if (tasks.isEmpty()) {
                scheduled = false;
                return;
            }
        }
        schedule();
    }
}
