package dev.parley.dialogue.tools;

import dev.parley.dialogue.brain.BrainOutput;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps the line alive while a tool works: if the tool has not answered within the tenant's filler delay, the agent
 * says the tool's filler line ("Let me check the diary for you.") and then the answer once it comes; a fast tool
 * goes straight to the answer. Cancelling the stream (a barge-in) cancels the wait, the filler and the answer.
 */
public final class ToolWait {

    private final Duration delay;
    private final Supplier<ScheduledExecutorService> timer;

    public ToolWait(Duration delay, Supplier<ScheduledExecutorService> timer) {
        this.delay = delay;
        this.timer = timer;
    }

    /**
     * @param pending  the tool's run, subscribed once
     * @param filler   what to say if it is slow
     * @param onFiller told when the filler is said (to record it in the conversation), before it is emitted
     * @param then     the answer, made from the run's item; a failed run fails the stream
     */
    public <T> Multi<BrainOutput> answer(Uni<T> pending, String filler, Consumer<String> onFiller,
                                         Function<T, Multi<BrainOutput>> then) {
        return Multi.createFrom().emitter(em -> {
            Object lock = new Object();
            boolean[] answered = {false};
            AtomicReference<ScheduledFuture<?>> fillerTask = new AtomicReference<>();
            AtomicReference<Cancellable> run = new AtomicReference<>();
            AtomicReference<Cancellable> inner = new AtomicReference<>();
            // Registered first, so a cancel that comes at any point below still finds everything to stop.
            em.onTermination(() -> {
                cancel(fillerTask.get());
                cancel(run.get());
                cancel(inner.get());
            });
            fillerTask.set(timer.get().schedule(() -> {
                synchronized (lock) {
                    if (!answered[0] && !em.isCancelled()) {
                        String said = filler.endsWith(" ") ? filler : filler + " ";
                        onFiller.accept(said);
                        em.emit(new BrainOutput.Text(said));
                    }
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS));
            run.set(pending.subscribe().with(item -> {
                synchronized (lock) {
                    // From here on the filler can no longer be said: it never follows or interleaves the answer.
                    answered[0] = true;
                    cancel(fillerTask.get());
                }
                if (em.isCancelled()) {
                    return;
                }
                Multi<BrainOutput> answer;
                try {
                    answer = then.apply(item);
                } catch (RuntimeException e) {
                    em.fail(e);
                    return;
                }
                inner.set(answer.subscribe().with(em::emit, em::fail, em::complete));
                if (em.isCancelled()) {
                    cancel(inner.get());
                }
            }, error -> {
                synchronized (lock) {
                    answered[0] = true;
                    cancel(fillerTask.get());
                }
                em.fail(error);
            }));
            if (em.isCancelled()) {
                cancel(run.get());
            }
        });
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static void cancel(Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }
}
