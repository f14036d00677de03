package dev.parley.dialogue.resilience;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One tenant engine's SmallRye Fault Tolerance guard over its streams: a stream must yield its first item within
 * {@code firstItem} (the time-to-first-token limit), and after {@code failures} streams in a row that failed — before
 * their first item, by timing out, or later (a connection dropped mid-answer, a stall) — the circuit breaker rejects
 * streams for {@code openFor}, then lets one trial stream through (its success closes the breaker, its failure opens
 * it again).
 *
 * <p>Two FT guards, because the two limits measure different spans: the timeout guard's invocation ends with the
 * stream's first item, the breaker guard's with the stream itself. Items go straight from the upstream's thread to
 * the downstream (no thread hop, no FT work per item). Later stalls are {@link StreamTimeouts}' concern; they fail
 * the stream, which the breaker counts. FT's Mutiny support neither cancels a guarded {@code Uni} on timeout nor
 * passes a cancellation on, so this class does both: on a timeout the upstream is cancelled (aborting its HTTP
 * exchange), and a downstream cancel (barge-in) cancels the upstream and ends both FT invocations as successes — a
 * barge-in proves nothing against the engine, and FT has no neutral outcome (an invocation left open would hold the
 * half-open breaker's one trial forever).
 */
public final class EngineGuard {

    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int OVER = 2;

    private final TypedGuard<Uni<Boolean>> firstItemGuard;
    private final TypedGuard<Uni<Boolean>> breaker;
    private final Duration firstItem;
    private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;

    /**
     * @param name names the engine in FT's metrics ({@code ft.*} with {@code method=name} for the breaker and
     *             {@code method=name + "#first-item"} for the timeout)
     */
    public EngineGuard(String name, Duration firstItem, int failures, Duration openFor) {
        this.firstItem = firstItem;
        this.firstItemGuard = TypedGuard.create(new TypeLiteral<Uni<Boolean>>() {
                })
                .withDescription(name + "#first-item")
                .withTimeout().duration(firstItem.toMillis(), ChronoUnit.MILLIS).done()
                .build();
        this.breaker = TypedGuard.create(new TypeLiteral<Uni<Boolean>>() {
                })
                .withDescription(name)
                .withCircuitBreaker()
                // A window of the last `failures` streams that opens when all of them failed: N failures in a row.
                .requestVolumeThreshold(failures).failureRatio(1.0).successThreshold(1)
                .delay(openFor.toMillis(), ChronoUnit.MILLIS)
                .onStateChange(s -> state = s)
                .done()
                .build();
    }

    /** Whether the breaker is open: a stream started now would be rejected without reaching the engine. */
    public boolean isOpen() {
        return state == CircuitBreakerState.OPEN;
    }

    /**
     * @return {@code upstream}, failing with {@link StreamTimeouts.StreamTimeoutException} if its first item is late,
     * or with FT's {@code CircuitBreakerOpenException} without being subscribed while the breaker is open
     */
    public <T> Multi<T> guard(Multi<T> upstream, String what) {
        return Multi.createFrom().emitter(downstream -> new Run<>(upstream, downstream, what).start());
    }

    /**
     * One guarded stream. {@code phase} moves once from WAITING, to STARTED by the first item or to OVER otherwise,
     * and from STARTED to OVER when the stream ends. Each FT invocation gets exactly one verdict.
     */
    private final class Run<T> {
        final AtomicInteger phase = new AtomicInteger(WAITING);
        final Multi<T> upstream;
        final MultiEmitter<? super T> downstream;
        final String what;
        /** Ends the breaker's invocation: the stream's outcome. */
        volatile UniEmitter<? super Boolean> streamVerdict;
        /** Ends the timeout guard's invocation: the first item came (or the stream ended without one). */
        volatile UniEmitter<? super Boolean> firstItemVerdict;
        volatile Cancellable subscription;
        volatile boolean cancelled;
        /**
         * How the stream ended, held until the breaker has counted it: the chain may start the next request as soon
         * as it hears of the end, and must then find the breaker in its new state.
         */
        volatile boolean completed;
        volatile Throwable failedMidway;
        /** The breaker's invocation is over (it may end first, when the first item came just after the timeout). */
        volatile boolean breakerDone;
        final AtomicBoolean endPassedOn = new AtomicBoolean();

        Run(Multi<T> upstream, MultiEmitter<? super T> downstream, String what) {
            this.upstream = upstream;
            this.downstream = downstream;
            this.what = what;
        }

        void start() {
            downstream.onTermination(() -> {
                cancelUpstream();
                // A barge-in: neither a failure of the engine's nor a reason to keep the trial slot.
                if (phase.compareAndSet(WAITING, OVER)) {
                    complete(firstItemVerdict, Boolean.FALSE);
                    complete(streamVerdict, Boolean.FALSE);
                } else if (phase.compareAndSet(STARTED, OVER)) {
                    complete(streamVerdict, Boolean.TRUE);
                }
            });
            breaker.get(() -> Uni.createFrom().<Boolean>emitter(this::admitted)).subscribe().with(this::counted,
                    this::rejected);
        }

        /** Runs inside the breaker's invocation: the breaker let the stream through. */
        private void admitted(UniEmitter<? super Boolean> verdict) {
            streamVerdict = verdict;
            if (phase.get() != WAITING) {
                verdict.complete(Boolean.FALSE);
                return;
            }
            firstItemGuard.get(() -> Uni.createFrom().<Boolean>emitter(this::subscribe)).subscribe().with(ignored -> {
            }, error -> fail(streamVerdict, error)); // a late first item or an early failure: the breaker's too
        }

        /** Runs inside the timeout guard's invocation: the clock for the first item is running. */
        private void subscribe(UniEmitter<? super Boolean> verdict) {
            firstItemVerdict = verdict;
            if (phase.get() != WAITING) {
                verdict.complete(Boolean.FALSE);
                return;
            }
            Cancellable s = upstream.subscribe().with(this::item, this::failure, this::completion);
            subscription = s;
            if (cancelled) {
                s.cancel();
            }
        }

        private void item(T item) {
            int p = phase.get();
            if (p == STARTED) {
                downstream.emit(item);
            } else if (p == WAITING && phase.compareAndSet(WAITING, STARTED)) {
                // The caller's first words before FT's bookkeeping.
                downstream.emit(item);
                firstItemVerdict.complete(Boolean.TRUE);
            }
        }

        private void failure(Throwable error) {
            if (phase.compareAndSet(STARTED, OVER)) {
                failedMidway = error;
                fail(streamVerdict, error); // counted by the breaker, then passed on by rejected()
                if (breakerDone) {
                    passOnEnd();
                }
            } else if (phase.get() == WAITING) {
                firstItemVerdict.fail(error); // counted by the breaker, then back through rejected()
            }
        }

        private void completion() {
            boolean started = phase.compareAndSet(STARTED, OVER);
            if (started || phase.compareAndSet(WAITING, OVER)) {
                completed = true;
                if (!started) {
                    complete(firstItemVerdict, Boolean.TRUE);
                }
                complete(streamVerdict, Boolean.TRUE); // counted by the breaker, then passed on by counted()
                if (breakerDone) {
                    passOnEnd();
                }
            }
        }

        /** The breaker counted a success: a completed stream (or a barge-in, which needs no passing on). */
        private void counted(Boolean ignored) {
            breakerDone = true;
            passOnEnd();
        }

        /** The stream's end, once: after the breaker counted it, or at once if the breaker's invocation ended first. */
        private void passOnEnd() {
            Throwable midway = failedMidway;
            if ((midway != null || completed) && endPassedOn.compareAndSet(false, true)) {
                if (midway != null) {
                    downstream.fail(midway);
                } else {
                    downstream.complete();
                }
            }
        }

        /** The breaker's invocation failed: the upstream's error, a timeout, or an open breaker. */
        private void rejected(Throwable error) {
            breakerDone = true;
            if (failedMidway != null || completed) {
                passOnEnd();
            } else if (phase.compareAndSet(WAITING, OVER)) {
                cancelUpstream();
                downstream.fail(error instanceof TimeoutException
                        ? new StreamTimeouts.StreamTimeoutException(
                        what + ": nothing within " + firstItem.toMillis() + " ms")
                        : error);
            }
        }

        private void cancelUpstream() {
            cancelled = true;
            Cancellable s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    private static void complete(UniEmitter<? super Boolean> verdict, Boolean value) {
        if (verdict != null) {
            verdict.complete(value);
        }
    }

    private static void fail(UniEmitter<? super Boolean> verdict, Throwable error) {
        if (verdict != null) {
            verdict.fail(error);
        }
    }
}
