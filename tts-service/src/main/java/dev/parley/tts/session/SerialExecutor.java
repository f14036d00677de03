package dev.parley.tts.session;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one stream's tasks in order, one at a time, on a shared pool: no thread per stream. After each task the
 * stream goes to the back of the pool's queue, so a long utterance does not starve the others.
 */
final class SerialExecutor implements Executor {
    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            pool.execute(this::runOne);
        } catch (RejectedExecutionException e) {
            synchronized (tasks) {
                tasks.clear(); // shutting down: nothing more runs
                scheduled = false;
            }
        }
    }

    private void runOne() {
        Runnable task;
        synchronized (tasks) {
            task = tasks.poll();
        }
        try {
            if (task != null) {
                task.run();
            }
        } finally {
            boolean more;
            synchronized (tasks) {
                more = !tasks.isEmpty();
                scheduled = more;
            }
            if (more) {
                schedule();
            }
        }
    }
}
