package dev.parley.dialogue.resilience;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fails a stream that is slow to start or that stalls. Mutiny's {@code ifNoItem()} has one delay for every item, but
 * a model's first token legitimately takes longer than the gap between two tokens, so the two limits differ. When a
 * limit passes, the upstream subscription is cancelled (aborting its HTTP exchange) before the failure is signalled.
 * A live turn's first item is watched by its engine's {@link EngineGuard} instead, which also feeds the breaker.
 */
public final class StreamTimeouts {

    private StreamTimeouts() {
    }

    /** Thrown into the stream when a limit passes. */
    public static final class StreamTimeoutException extends RuntimeException {
        public StreamTimeoutException(String message) {
            super(message);
        }
    }

    public static <T> Multi<T> firstAndIdle(Multi<T> upstream, Duration first, Duration idle,
                                            ScheduledExecutorService timer, String what) {
        return watched(upstream, first, idle, timer, what);
    }

    /** Only the gaps after the first item are limited: the wait for the first item is someone else's. */
    public static <T> Multi<T> idleAfterFirst(Multi<T> upstream, Duration idle, ScheduledExecutorService timer,
                                              String what) {
        return watched(upstream, null, idle, timer, what);
    }

    private static <T> Multi<T> watched(Multi<T> upstream, Duration first, Duration idle,
                                        ScheduledExecutorService timer, String what) {
        return Multi.createFrom().emitter(em -> {
            Watch watch = new Watch(timer);
            AtomicReference<Cancellable> subscription = new AtomicReference<>();
            Runnable expire = () -> {
                Cancellable s = subscription.get();
                if (s != null) {
                    s.cancel();
                }
            };
            if (first != null) {
                watch.arm(first, () -> {
                    expire.run();
                    em.fail(new StreamTimeoutException(what + ": nothing within " + first.toMillis() + " ms"));
                });
            }
            Cancellable s = upstream.subscribe().with(
                    item -> {
                        if (!watch.over.get()) {
                            watch.arm(idle, () -> {
                                expire.run();
                                em.fail(new StreamTimeoutException(what + ": stalled for " + idle.toMillis() + " ms"));
                            });
                            em.emit(item);
                        }
                    },
                    failure -> {
                        if (watch.finish()) {
                            em.fail(failure);
                        }
                    },
                    () -> {
                        if (watch.finish()) {
                            em.complete();
                        }
                    });
            subscription.set(s);
            em.onTermination(() -> {
                watch.finish();
                s.cancel();
            });
            if (watch.over.get()) {
                s.cancel();
            }
        });
    }

    /** The one pending deadline of a stream; {@code over} flips once, by whichever of end or deadline comes first. */
    private static final class Watch {
        final AtomicBoolean over = new AtomicBoolean();
        private final AtomicReference<ScheduledFuture<?>> pending = new AtomicReference<>();
        private final ScheduledExecutorService timer;

        Watch(ScheduledExecutorService timer) {
            this.timer = timer;
        }

        void arm(Duration delay, Runnable onExpiry) {
            ScheduledFuture<?> next = timer.schedule(() -> {
                if (over.compareAndSet(false, true)) {
                    onExpiry.run();
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
            ScheduledFuture<?> previous = pending.getAndSet(next);
            if (previous != null) {
                previous.cancel(false);
            }
        }

        /** @return true if this call ended the stream (the deadline had not) */
        boolean finish() {
            boolean first = over.compareAndSet(false, true);
            ScheduledFuture<?> previous = pending.getAndSet(null);
            if (previous != null) {
                previous.cancel(false);
            }
            return first;
        }
    }
}
